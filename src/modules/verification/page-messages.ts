import { resolveLocale, translator, type Catalogs, type Translator } from '../../shared/i18n';

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

/** The verification page's words (the web certificate shares its status and sharing words). */
export const VERIFY_PAGE_CATALOGS: Catalogs = {
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
  for (const key of Object.keys(en)) {
    if (key.startsWith('script.')) messages[key] = own[key] ?? VERIFY_PAGE_CATALOGS.en[key]!;
  }
  return messages;
}
