/** The locales Laurel speaks: certificates, the verification page and the web certificate. */
export const SUPPORTED_LOCALES = [
  'en',
  'es',
  'fr',
  'de',
  'pt',
  'it',
  'ar',
  'he',
  'hi',
  'zh-Hans',
  'ja',
  'ko',
  'ru',
  'uk',
  'tr',
  'pl',
] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

export const DEFAULT_LOCALE: SupportedLocale = 'en';

const RIGHT_TO_LEFT: ReadonlySet<string> = new Set(['ar', 'he', 'fa', 'ur']);

export function isSupportedLocale(value: string): value is SupportedLocale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** Text direction of a locale (its primary language decides). */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(primaryLanguage(locale)) ? 'rtl' : 'ltr';
}

function primaryLanguage(tag: string): string {
  return tag.split(/[-_]/)[0]!.toLowerCase();
}

/**
 * The supported locale closest to a BCP 47 tag: exact match, then the primary language
 * (`pt-BR` → `pt`, `zh`/`zh-CN`/`zh-SG` → `zh-Hans`), else null.
 */
export function matchLocale(tag: string): SupportedLocale | null {
  const trimmed = tag.trim();
  if (!/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(trimmed)) return null;
  const exact = SUPPORTED_LOCALES.find((l) => l.toLowerCase() === trimmed.toLowerCase());
  if (exact) return exact;
  const language = primaryLanguage(trimmed);
  if (language === 'zh') return /hant|tw|hk|mo/i.test(trimmed) ? null : 'zh-Hans';
  if (language === 'iw') return 'he';
  return SUPPORTED_LOCALES.find((l) => l === language) ?? null;
}

/** The supported locale for a configured locale tag, falling back to English. */
export function resolveLocale(tag: string | null | undefined): SupportedLocale {
  return (tag && matchLocale(tag)) || DEFAULT_LOCALE;
}

/**
 * The best supported locale for an `Accept-Language` header (RFC 9110 §12.5.4: quality values,
 * order breaks ties), or null when none is supported. At most 32 entries are read.
 */
export function negotiateLocale(header: string | undefined): SupportedLocale | null {
  if (!header) return null;
  const ranges = header
    .slice(0, 1024)
    .split(',')
    .slice(0, 32)
    .map((part, order) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim(), quality: q ? Number(q[1]) : 1, order };
    })
    .filter((r) => r.quality > 0 && r.tag !== '*')
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const range of ranges) {
    const match = matchLocale(range.tag);
    if (match) return match;
  }
  return null;
}
