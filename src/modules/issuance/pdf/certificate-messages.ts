import path from 'node:path';
import {
  type Catalogs,
  loadCatalogs,
  type Messages,
  translator,
  type Translator,
} from '../../../shared/i18n';
import type en from './messages/en.json';

/**
 * The fixed phrases of the built-in certificate, one catalog per supported locale (ICU
 * MessageFormat). English holds every key; a configuration may override any of them
 * (`certificateMessages`).
 */
export const CERTIFICATE_CATALOGS: Catalogs = loadCatalogs(path.join(__dirname, 'messages'));

export type CertificateMessageKey = keyof typeof en;

/** The certificate's phrases for a configuration's locale and its own wording. */
export function certificateTranslator(locale: string, overrides: Messages = {}): Translator {
  return translator(CERTIFICATE_CATALOGS, locale, overrides);
}
