import path from 'node:path';
import {
  type Catalogs,
  loadCatalogs,
  resolveLocale,
  translator,
  type Translator,
} from '../../shared/i18n';
import type en from './messages/en.json';

/** The verification page's words (the web certificate shares its status and sharing words). */
export const VERIFY_PAGE_CATALOGS: Catalogs = loadCatalogs(path.join(__dirname, 'messages'));

export type VerifyPageMessage = keyof typeof en;

export const verifyPageTranslator = (locale: string): Translator =>
  translator(VERIFY_PAGE_CATALOGS, locale);

/**
 * The words the pages' scripts show, raw (their `{name}` slots are filled in the browser): the
 * locale's, else English's.
 */
export function scriptMessages(locale: string): Record<string, string> {
  const own = VERIFY_PAGE_CATALOGS[resolveLocale(locale)] ?? {};
  const messages: Record<string, string> = {};
  for (const key of Object.keys(VERIFY_PAGE_CATALOGS.en)) {
    if (key.startsWith('script.')) messages[key] = own[key] ?? VERIFY_PAGE_CATALOGS.en[key]!;
  }
  return messages;
}
