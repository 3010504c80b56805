import { IntlMessageFormat } from 'intl-messageformat';
import { InputError } from '../errors';
import { directionOf, resolveLocale, type SupportedLocale } from './locales';

/** A message catalog: ICU MessageFormat strings by key. */
export type Messages = Readonly<Record<string, string>>;
/** A catalog per supported locale; English is complete, the others fall back to it key by key. */
export type Catalogs = Readonly<Partial<Record<SupportedLocale, Messages>> & { en: Messages }>;

export type MessageValues = Readonly<Record<string, string | number | Date>>;

export interface Translator {
  readonly locale: SupportedLocale;
  readonly direction: 'ltr' | 'rtl';
  /** The message for a key, formatted with ICU plural, select, number and date rules. */
  t(key: string, values?: MessageValues): string;
  /** A date in the locale's long form (e.g. "1 December 2026", "1 décembre 2026"). */
  formatDate(date: Date): string;
}

const compiled = new Map<string, IntlMessageFormat>();

function format(message: string, locale: SupportedLocale, values?: MessageValues): string {
  const cacheKey = `${locale}\u0000${message}`;
  let formatter = compiled.get(cacheKey);
  if (!formatter) {
    formatter = new IntlMessageFormat(message, locale);
    compiled.set(cacheKey, formatter);
  }
  return String(formatter.format(values as Record<string, string | number | Date> | undefined));
}

/**
 * A translator for a locale: the catalog's message, else English's; `overrides` (a
 * configuration's own wording) win over both.
 */
export function translator(
  catalogs: Catalogs,
  localeTag: string | null | undefined,
  overrides: Messages = {},
): Translator {
  const locale = resolveLocale(localeTag);
  const messages = catalogs[locale] ?? {};
  return {
    locale,
    direction: directionOf(locale),
    t(key, values) {
      const message = overrides[key] ?? messages[key] ?? catalogs.en[key];
      if (message === undefined) throw new Error(`No message "${key}"`);
      return format(message, locale, values);
    },
    formatDate(date) {
      return new Intl.DateTimeFormat(locale, {
        dateStyle: 'long',
        timeZone: 'UTC',
      }).format(date);
    },
  };
}

/** Checks a configuration's message overrides: known keys, ICU syntax that compiles. */
export function validateMessageOverrides(
  catalogs: Catalogs,
  overrides: Readonly<Record<string, unknown>>,
  field = 'messages',
): Messages {
  const checked: Record<string, string> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in catalogs.en))
      throw InputError.of(`${field}.${key}`, 'is not a message of this catalog');
    if (typeof value !== 'string' || value.length > 500) {
      throw InputError.of(`${field}.${key}`, 'must be a text of at most 500 characters');
    }
    try {
      new IntlMessageFormat(value, 'en');
    } catch (error) {
      throw InputError.of(
        `${field}.${key}`,
        `is not ICU MessageFormat: ${(error as Error).message}`,
      );
    }
    checked[key] = value;
  }
  return checked;
}
