import { type ReactNode, useEffect, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
// The API's own list (a module without Node imports): the console speaks what certificates do.
import {
  DEFAULT_LOCALE,
  SUPPORTED_LOCALES,
  type SupportedLocale,
  directionOf,
  matchLocale,
} from '../../src/shared/i18n/locales';
import en from './messages/en.json';

export type MessageId = keyof typeof en;
type Catalog = Record<MessageId, string>;

/** The console's languages: those certificates can be printed in. */
export const CONSOLE_LOCALES = SUPPORTED_LOCALES;
/** The locales certificates can be printed in (the API's SUPPORTED_LOCALES). */
export const CERTIFICATE_LOCALES = SUPPORTED_LOCALES;
export type ConsoleLocale = SupportedLocale;

/** Other catalogs are separate chunks, fetched when first chosen: English alone is bundled. */
const CATALOG_CHUNKS = import.meta.glob<Catalog>(['./messages/*.json', '!./messages/en.json'], {
  import: 'default',
});
const loaded = new Map<ConsoleLocale, Catalog>([['en', en]]);

async function loadCatalog(locale: ConsoleLocale): Promise<Catalog> {
  const ready = loaded.get(locale);
  if (ready) return ready;
  const load = CATALOG_CHUNKS[`./messages/${locale}.json`];
  const catalog = load ? { ...en, ...(await load()) } : en;
  loaded.set(locale, catalog);
  return catalog;
}

/** The first of the browser's languages the console speaks (`pt-BR` → pt, `zh-CN` → zh-Hans). */
export function pickLocale(wanted: readonly string[] = navigator.languages): ConsoleLocale {
  for (const tag of wanted) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}

const STORED_LOCALE = 'laurel.console.locale';

/** The language chosen in this browser before, else the browser's own. */
export function initialLocale(): ConsoleLocale {
  const stored = localStorage.getItem(STORED_LOCALE);
  return (stored && matchLocale(stored)) || pickLocale();
}

export function storeLocale(locale: ConsoleLocale) {
  localStorage.setItem(STORED_LOCALE, locale);
}

/**
 * Messages of `locale` for its children, with `<html lang dir>` set to match. Until a newly
 * chosen catalog arrives the previous one stays (nothing is shown before the first one).
 */
export function I18n({ locale, children }: { locale: ConsoleLocale; children: ReactNode }) {
  const [shown, setShown] = useState(() =>
    loaded.has(locale) ? { locale, messages: loaded.get(locale)! } : null,
  );
  useEffect(() => {
    let current = true;
    loadCatalog(locale).then(
      (messages) => current && setShown({ locale, messages }),
      () => current && setShown({ locale: DEFAULT_LOCALE, messages: en }),
    );
    return () => {
      current = false;
    };
  }, [locale]);
  useEffect(() => {
    if (!shown) return;
    document.documentElement.lang = shown.locale;
    document.documentElement.dir = directionOf(shown.locale);
  }, [shown]);
  if (!shown) return null;
  return (
    <IntlProvider locale={shown.locale} defaultLocale="en" messages={shown.messages}>
      {children}
    </IntlProvider>
  );
}

/** Dates and times in the console's language (not the browser's). */
export function useFormatDate() {
  const intl = useIntl();
  return (date: Date | string | number, options?: Intl.DateTimeFormatOptions) =>
    intl.formatDate(date, options);
}

/** `t('courses.title', { count })`: a message of the catalog, formatted (ICU). */
export function useT() {
  const intl = useIntl();
  return (id: MessageId, values?: Record<string, string | number | Date>) =>
    intl.formatMessage({ id }, values);
}
