export {
  translator,
  validateMessageOverrides,
  type Catalogs,
  type Messages,
  type MessageValues,
  type Translator,
} from './catalog';
export { loadCatalogs } from './load-catalogs';
export {
  DEFAULT_LOCALE,
  SUPPORTED_LOCALES,
  directionOf,
  isSupportedLocale,
  matchLocale,
  negotiateLocale,
  resolveLocale,
  type SupportedLocale,
} from './locales';
