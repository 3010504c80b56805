import { translator, type Catalogs, type Messages, type Translator } from '../../../shared/i18n';

import ar from './messages/ar.json';
import de from './messages/de.json';
import en from './messages/en.json';
import es from './messages/es.json';
import fr from './messages/fr.json';
import he from './messages/he.json';
import hi from './messages/hi.json';
import it from './messages/it.json';
import ja from './messages/ja.json';
import ko from './messages/ko.json';
import pl from './messages/pl.json';
import pt from './messages/pt.json';
import ru from './messages/ru.json';
import tr from './messages/tr.json';
import uk from './messages/uk.json';
import zhHans from './messages/zh-Hans.json';

/**
 * The fixed phrases of the built-in certificate, one catalog per supported locale (ICU
 * MessageFormat). English holds every key; a configuration may override any of them
 * (`certificateMessages`).
 */
export const CERTIFICATE_CATALOGS: Catalogs = {
  en,
  es,
  fr,
  de,
  pt,
  it,
  ar,
  he,
  hi,
  'zh-Hans': zhHans,
  ja,
  ko,
  ru,
  uk,
  tr,
  pl,
};

export type CertificateMessageKey = keyof typeof en;

/** The certificate's phrases for a configuration's locale and its own wording. */
export function certificateTranslator(locale: string, overrides: Messages = {}): Translator {
  return translator(CERTIFICATE_CATALOGS, locale, overrides);
}
