import type { Request } from 'express';
import {
  matchLocale,
  negotiateLocale,
  resolveLocale,
  SUPPORTED_LOCALES,
  type SupportedLocale,
} from '../../shared/i18n';

/** Each supported locale by its own name, for the pages' language selector. */
export const LANGUAGE_NAMES: Readonly<Record<SupportedLocale, string>> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  de: 'Deutsch',
  pt: 'Português',
  it: 'Italiano',
  ar: 'العربية',
  he: 'עברית',
  hi: 'हिन्दी',
  'zh-Hans': '简体中文',
  ja: '日本語',
  ko: '한국어',
  ru: 'Русский',
  uk: 'Українська',
  tr: 'Türkçe',
  pl: 'Polski',
};

export { SUPPORTED_LOCALES };

/**
 * The language of a public page: the visitor's choice in the address (`?lang=fr`, kept by the
 * selector's links), else their browser's (`Accept-Language`), else the credential's own
 * locale (`fallback`), else English.
 */
export function pageLocale(req: Request, fallback: string | null = null): SupportedLocale {
  const chosen = typeof req.query.lang === 'string' ? matchLocale(req.query.lang) : null;
  return chosen ?? negotiateLocale(req.get('accept-language')) ?? resolveLocale(fallback);
}
