import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  directionOf,
  loadCatalogs,
  matchLocale,
  negotiateLocale,
  resolveLocale,
  SUPPORTED_LOCALES,
  translator,
  validateMessageOverrides,
  type Catalogs,
} from '../../src/shared/i18n';

const catalogs: Catalogs = {
  en: {
    greeting: 'Hello {name}',
    courses: '{count, plural, one {# course} other {# courses}}',
    english: 'Only in English',
  },
  fr: { greeting: 'Bonjour {name}', courses: '{count, plural, one {# cours} other {# cours}}' },
  ru: {
    courses: '{count, plural, one {# курс} few {# курса} many {# курсов} other {# курса}}',
  },
};

describe('locale matching', () => {
  it.each([
    ['en', 'en'],
    ['pt-BR', 'pt'],
    ['zh', 'zh-Hans'],
    ['zh-CN', 'zh-Hans'],
    ['zh-Hans-CN', 'zh-Hans'],
    ['zh-TW', null],
    ['iw', 'he'],
    ['xx', null],
    ['en;drop table', null],
  ])('%s → %s', (tag, expected) => {
    expect(matchLocale(tag)).toBe(expected);
  });

  it('falls back to English for unknown or missing locales', () => {
    expect(resolveLocale('tlh')).toBe('en');
    expect(resolveLocale(null)).toBe('en');
  });

  it('negotiates Accept-Language by quality, then order', () => {
    expect(negotiateLocale('da, fr;q=0.8, de;q=0.9')).toBe('de');
    expect(negotiateLocale('ar-EG,en;q=0.5')).toBe('ar');
    expect(negotiateLocale('fr;q=0, es')).toBe('es');
    expect(negotiateLocale('da, *')).toBeNull();
    expect(negotiateLocale(undefined)).toBeNull();
  });

  it('knows the right-to-left locales', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('he-IL')).toBe('rtl');
    expect(directionOf('hi')).toBe('ltr');
  });
});

describe('translator', () => {
  it('formats ICU plurals by the locale’s rules', () => {
    const ru = translator(catalogs, 'ru');
    expect([1, 3, 5, 21].map((count) => ru.t('courses', { count }))).toEqual([
      '1 курс',
      '3 курса',
      '5 курсов',
      '21 курс',
    ]);
    expect(translator(catalogs, 'fr').t('courses', { count: 2 })).toBe('2 cours');
  });

  it('falls back to English key by key, and overrides win', () => {
    const fr = translator(catalogs, 'fr-CA', { greeting: 'Salut {name}' });
    expect(fr.locale).toBe('fr');
    expect(fr.t('greeting', { name: 'Zoé' })).toBe('Salut Zoé');
    expect(fr.t('english')).toBe('Only in English');
    expect(() => fr.t('missing')).toThrow('No message "missing"');
  });

  it('formats dates in the locale', () => {
    const date = new Date('2026-12-01T12:00:00Z');
    expect(translator(catalogs, 'fr').formatDate(date)).toBe('1 décembre 2026');
    expect(translator(catalogs, 'en').formatDate(date)).toBe('December 1, 2026');
  });

  it('rejects unknown keys and broken ICU in overrides', () => {
    expect(validateMessageOverrides(catalogs, { greeting: 'Hi {name}' })).toEqual({
      greeting: 'Hi {name}',
    });
    expect(() => validateMessageOverrides(catalogs, { nope: 'x' })).toThrow(
      'messages.nope: is not a message of this catalog',
    );
    expect(() => validateMessageOverrides(catalogs, { greeting: 'Hi {name' })).toThrow(
      /messages.greeting: is not ICU MessageFormat/,
    );
    expect(() => validateMessageOverrides(catalogs, { greeting: 5 })).toThrow(/at most 500/);
  });
});

describe('loadCatalogs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'catalogs-'));
    for (const locale of SUPPORTED_LOCALES) {
      writeFileSync(path.join(dir, `${locale}.json`), JSON.stringify({ hello: `hello ${locale}` }));
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads one catalog per supported locale', () => {
    const loaded = loadCatalogs(dir);
    expect(Object.keys(loaded).sort()).toEqual([...SUPPORTED_LOCALES].sort());
    expect(translator(loaded, 'zh-CN').t('hello')).toBe('hello zh-Hans');
  });

  it('refuses a missing or malformed catalog, naming the file', () => {
    writeFileSync(path.join(dir, 'fr.json'), JSON.stringify({ hello: 1 }));
    expect(() => loadCatalogs(dir)).toThrow(/fr\.json is not a message catalog/);
    rmSync(path.join(dir, 'fr.json'));
    expect(() => loadCatalogs(dir)).toThrow(/fr\.json/);
  });
});
