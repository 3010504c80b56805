import { type ReactNode, useMemo } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import en from './messages/en.json';
import fr from './messages/fr.json';

export type MessageId = keyof typeof en;

/** The console's languages; a missing string falls back to English. */
const CATALOGS: Record<string, Partial<Record<MessageId, string>>> = { en, fr };
export const CONSOLE_LOCALES = Object.keys(CATALOGS);

/** The locales certificates can be printed in (the API's SUPPORTED_LOCALES). */
export const CERTIFICATE_LOCALES = [
  'en',
  'es',
  'fr',
  'de',
  'pt',
  'it',
  'ar',
  'he',
  'hi',
  'zh-Hans',
  'ja',
  'ko',
  'ru',
  'uk',
  'tr',
  'pl',
];

export function pickLocale(wanted: readonly string[] = navigator.languages): string {
  for (const tag of wanted) {
    const base = tag.toLowerCase().split('-')[0];
    if (base in CATALOGS) return base;
  }
  return 'en';
}

export function I18n({ locale, children }: { locale: string; children: ReactNode }) {
  const messages = useMemo(() => ({ ...en, ...CATALOGS[locale] }), [locale]);
  return (
    <IntlProvider locale={locale} defaultLocale="en" messages={messages}>
      {children}
    </IntlProvider>
  );
}

/** `t('courses.title', { count })`: a message of the catalog, formatted (ICU). */
export function useT() {
  const intl = useIntl();
  return (id: MessageId, values?: Record<string, string | number | Date>) =>
    intl.formatMessage({ id }, values);
}
