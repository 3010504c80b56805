import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { SUPPORTED_LOCALES } from '../../src/shared/i18n';

/**
 * The console's catalogs (console/src/messages): one per certificate locale, each with exactly
 * English's keys, every message valid ICU with English's placeholders, and plurals that give
 * every count a form the language has.
 */
const FOLDER = path.join(__dirname, '../../console/src/messages');

type Ast = ReturnType<IntlMessageFormat['getAst']>;

function catalog(locale: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(FOLDER, `${locale}.json`), 'utf8'));
}

const english = catalog('en');

/** `name:kind` of every placeholder (`count:plural`), and the branches of every plural. */
function placeholdersOf(ast: Ast, found = new Set<string>(), plurals: string[][] = []) {
  for (const element of ast) {
    if (!('value' in element) || element.type === 0 /* literal */) continue;
    const kind = 'pluralType' in element ? 'plural' : 'options' in element ? 'select' : 'value';
    found.add(`${element.value}:${kind}`);
    if ('options' in element) {
      if (kind === 'plural') plurals.push(Object.keys(element.options));
      for (const option of Object.values(element.options)) {
        placeholdersOf(option.value, found, plurals);
      }
    }
    if ('children' in element) placeholdersOf(element.children, found, plurals);
  }
  return { found: [...found].sort(), plurals };
}

it('has a catalog for exactly the locales certificates are printed in', () => {
  const locales = fs.readdirSync(FOLDER).map((file) => file.replace(/\.json$/, ''));
  expect(locales.sort()).toEqual([...SUPPORTED_LOCALES].sort());
});

it.each(SUPPORTED_LOCALES)('%s: English keys, valid ICU, the same placeholders', (locale) => {
  const messages = catalog(locale);
  expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
  const rules = new Intl.PluralRules(locale);
  const allowed = new Set(['other', ...rules.resolvedOptions().pluralCategories]);
  // Integers pick these categories (ru: one, few, many; ar: all six); each needs its branch.
  const needed = new Set(['other', ...Array.from({ length: 201 }, (_, n) => rules.select(n))]);
  const problems: string[] = [];
  for (const [key, message] of Object.entries(messages)) {
    let ast: Ast;
    try {
      ast = new IntlMessageFormat(message, locale).getAst();
    } catch (error) {
      problems.push(`${key}: ${(error as Error).message}`);
      continue;
    }
    const { found, plurals } = placeholdersOf(ast);
    const expected = placeholdersOf(new IntlMessageFormat(english[key]!, 'en').getAst()).found;
    if (found.join() !== expected.join()) problems.push(`${key}: ${found} instead of ${expected}`);
    for (const branches of plurals) {
      const categories = branches.filter((branch) => !branch.startsWith('='));
      const missing = [...needed].filter((category) => !categories.includes(category));
      const foreign = categories.filter((category) => !allowed.has(category));
      if (missing.length) problems.push(`${key}: no plural form for ${missing}`);
      if (foreign.length) problems.push(`${key}: ${foreign} is no plural category of ${locale}`);
    }
  }
  expect(problems).toEqual([]);
});
