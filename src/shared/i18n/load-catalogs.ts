import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalogs, Messages } from './catalog';
import { SUPPORTED_LOCALES, type SupportedLocale } from './locales';

/**
 * A module's catalogs: `<dir>/<locale>.json` for every supported locale, read once when the
 * module loads. A missing or malformed file throws, naming it. The JSON files reach dist/
 * through the `include` of tsconfig.build.json, since no code imports them.
 */
export function loadCatalogs(dir: string): Catalogs {
  const catalogs: Partial<Record<SupportedLocale, Messages>> = {};
  for (const locale of SUPPORTED_LOCALES) {
    catalogs[locale] = readCatalog(path.join(dir, `${locale}.json`));
  }
  return { ...catalogs, en: catalogs.en! };
}

function readCatalog(file: string): Messages {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const isCatalog =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((message) => typeof message === 'string');
  if (!isCatalog) throw new Error(`${file} is not a message catalog (texts by key)`);
  return parsed as Messages;
}
