import { translator, type Catalogs, type Translator } from '../../shared/i18n';

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

/** The web certificate's own words (status, sharing and language come from the verification page's). */
export const WEB_CERTIFICATE_CATALOGS: Catalogs = {
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

export type WebCertificateMessage = keyof typeof en;

export const webCertificateTranslator = (locale: string): Translator =>
  translator(WEB_CERTIFICATE_CATALOGS, locale);
