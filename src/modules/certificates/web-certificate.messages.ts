import path from 'node:path';
import { type Catalogs, loadCatalogs, translator, type Translator } from '../../shared/i18n';
import type en from './messages/en.json';

/** The web certificate's own words (status, sharing and language come from the verification page's). */
export const WEB_CERTIFICATE_CATALOGS: Catalogs = loadCatalogs(path.join(__dirname, 'messages'));

export type WebCertificateMessage = keyof typeof en;

export const webCertificateTranslator = (locale: string): Translator =>
  translator(WEB_CERTIFICATE_CATALOGS, locale);
