/**
 * The strict check an uploaded SVG passes before it is stored. An SVG opened on its own is a
 * web page: it may run scripts, embed HTML, load other documents. A badge template needs none
 * of that, so anything that could do it is refused, however harmless it looks; what passes is
 * still served with a CSP that blocks scripts (see `SVG_HEADERS`).
 */

export const MAX_SVG_BYTES = 512 * 1024;

/** Headers every SVG Laurel serves carries. */
export const SVG_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'image/svg+xml; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
  'X-Content-Type-Options': 'nosniff',
});

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
/** Namespaces an SVG may declare: SVG itself, XLink, and editors' inert metadata. */
const ALLOWED_NAMESPACES = new Set([
  SVG_NAMESPACE,
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/XML/1998/namespace',
  'http://www.inkscape.org/namespaces/inkscape',
  'http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://creativecommons.org/ns#',
  'http://purl.org/dc/elements/1.1/',
  'https://purl.imsglobal.org/ob/v3p0',
]);

/** Drawing elements, by local name (case matters in XML). */
const ALLOWED_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'metadata', 'symbol', 'use', 'switch', 'style',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan',
  'textPath', 'image', 'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath',
  'mask', 'marker', 'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer',
  'feComposite', 'feConvolveMatrix', 'feDiffuseLighting', 'feDisplacementMap',
  'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR',
  'feGaussianBlur', 'feImage', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset',
  'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
]); // prettier-ignore

/** Local names refused in any namespace, even an inert one. */
const FORBIDDEN_ELEMENTS = new Set(
  [
    'script', 'foreignobject', 'iframe', 'embed', 'object', 'handler', 'listener', 'set',
    'animate', 'animatemotion', 'animatetransform', 'animatecolor', 'a', 'html', 'body',
  ].map((name) => name.toLowerCase()),
); // prettier-ignore

/** Attributes whose value is a reference: only same-document (`#id`) or inline images. */
const REFERENCE_ATTRIBUTES = new Set(['href', 'src']);
const INLINE_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;

const ATTRIBUTE = /([^\s=/<>"']+)\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+)/g;
const ELEMENT_NAME = /^<\/?\s*([^\s/>]+)/;

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|\w+);?/gi, (whole, entity: string) => {
    const code = entity.startsWith('#x') || entity.startsWith('#X')
      ? parseInt(entity.slice(2), 16)
      : entity.startsWith('#') ? parseInt(entity.slice(1), 10) : NaN; // prettier-ignore
    if (!Number.isNaN(code)) return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    return XML_ENTITIES[entity] ?? whole;
  });
}

/** Without whitespace and control characters, lower-cased: how a browser reads a scheme. */
const squeezed = (value: string): string =>
  value.replace(/[\s\u0000-\u001f\u007f]+/g, '').toLowerCase();

/** CSS that loads or runs something: imports, external `url()`, old script hooks. */
function cssProblem(css: string): string | null {
  const text = squeezed(decodeEntities(css.replace(/\\/g, '')));
  if (text.includes('@import')) return 'CSS @import';
  if (/url\((?!['"]?#)/.test(text)) return 'a CSS url() that is not a #fragment';
  if (/expression\(|javascript:|-moz-binding|behavior:/.test(text)) return 'scripting in CSS';
  return null;
}

function referenceProblem(value: string): string | null {
  const decoded = decodeEntities(value).trim();
  if (decoded.startsWith('#') || INLINE_IMAGE.test(decoded)) return null;
  return `a reference to "${decoded.slice(0, 60)}" (only #fragments and inline PNG, JPEG, GIF or WebP images are allowed)`;
}

function attributeProblem(name: string, rawValue: string): string | null {
  const value = /^["']/.test(rawValue) ? rawValue.slice(1, -1) : rawValue;
  const local = (name.includes(':') ? name.slice(name.indexOf(':') + 1) : name).toLowerCase();
  if (local.startsWith('on')) return `the event handler attribute ${name}`;
  if (name === 'xmlns' || name.startsWith('xmlns:')) {
    const uri = decodeEntities(value).trim();
    return ALLOWED_NAMESPACES.has(uri) ? null : `the namespace "${uri.slice(0, 80)}"`;
  }
  if (REFERENCE_ATTRIBUTES.has(local)) return referenceProblem(value);
  const decoded = squeezed(decodeEntities(value));
  if (/(?:java|vb)script:|data:text\/html/.test(decoded)) return `a script URL in ${name}`;
  return cssProblem(value);
}

function tagProblem(tag: string): string | null {
  if (tag.startsWith('<!--')) return null;
  if (tag.startsWith('<!')) return 'a DOCTYPE or entity declaration';
  if (tag.startsWith('<?')) {
    return /^<\?xml\s[^?]*\?>$/.test(tag) ? null : 'a processing instruction';
  }
  const name = ELEMENT_NAME.exec(tag)?.[1];
  if (!name) return 'a malformed tag';
  const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
  if (FORBIDDEN_ELEMENTS.has(local.toLowerCase())) return `the element <${name}>`;
  const prefixed = name.includes(':') && !name.startsWith('svg:');
  if (!prefixed && !ALLOWED_ELEMENTS.has(local)) return `the element <${name}>`;
  if (tag.startsWith('</')) return null;
  const attributes = tag.slice(name.length + 1).replace(/\/?>$/, '');
  for (const [, attribute, value] of attributes.matchAll(ATTRIBUTE)) {
    const problem = attributeProblem(attribute!, value!);
    if (problem) return problem;
  }
  return null;
}

interface Scanned {
  tags: string[];
  /** Text content of `<style>` elements. */
  styles: string[];
  /** Whether anything but whitespace comes before the first element. */
  textBeforeRoot: boolean;
}

/**
 * Splits the document into its tags (comments skipped), in one pass: a regular expression
 * over an unterminated tag or comment would take quadratic time.
 */
function scan(source: string): Scanned | string {
  const scanned: Scanned = { tags: [], styles: [], textBeforeRoot: false };
  let inStyle = false;
  let seenElement = false;
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('<', at);
    const text = source.slice(at, open < 0 ? source.length : open);
    if (inStyle) scanned.styles.push(text);
    if (!seenElement && text.trim() !== '') scanned.textBeforeRoot = true;
    if (open < 0) break;
    if (source.startsWith('<!--', open)) {
      const close = source.indexOf('-->', open + 4);
      if (close < 0) return 'an unterminated comment';
      at = close + 3;
      continue;
    }
    let end = open + 1;
    let quote: string | null = null;
    for (; end < source.length; end++) {
      const c = source[end];
      if (quote !== null) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '>') {
        break;
      } else if (c === '<') {
        return 'a malformed tag';
      }
    }
    if (end >= source.length) return 'an unterminated tag';
    const tag = source.slice(open, end + 1);
    scanned.tags.push(tag);
    if (!tag.startsWith('<?') && !tag.startsWith('<!')) seenElement = true;
    const name = ELEMENT_NAME.exec(tag)?.[1] ?? '';
    if (/^(?:svg:)?style$/i.test(name)) inStyle = !tag.startsWith('</') && !tag.endsWith('/>');
    at = end + 1;
  }
  return scanned;
}

/** Why `bytes` is not an SVG Laurel accepts; null when it is. */
export function svgProblem(bytes: Uint8Array): string | null {
  if (bytes.length > MAX_SVG_BYTES) return `is larger than ${MAX_SVG_BYTES} bytes`;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'is not UTF-8 text';
  }
  if (text.includes('\u0000')) return 'holds NUL characters';
  const source = text.replace(/^\uFEFF/, '');
  if (/<!(?:DOCTYPE|ENTITY)/i.test(source)) {
    return 'is refused: it holds a DOCTYPE or entity declaration';
  }
  if (/<!\[CDATA\[/i.test(source)) return 'is refused: it holds a CDATA section';
  const scanned = scan(source);
  if (typeof scanned === 'string') return `is refused: it holds ${scanned}`;
  const [first, ...rest] = scanned.tags;
  const root = first !== undefined && /^<\?xml\s/.test(first) ? rest[0] : first;
  if (scanned.textBeforeRoot || root === undefined || !/^<svg[\s>]/.test(root)) {
    return 'is not an SVG document (it must start with <svg>)';
  }
  if (!new RegExp(`\\sxmlns\\s*=\\s*["']${SVG_NAMESPACE}["']`).test(root)) {
    return `is not an SVG document (its root needs xmlns="${SVG_NAMESPACE}")`;
  }
  const sized = (name: string) => new RegExp(`\\s${name}\\s*=`).test(root);
  if (!sized('viewBox') && !(sized('width') && sized('height'))) {
    return 'is refused: its root needs a viewBox, or a width and a height';
  }
  for (const tag of scanned.tags) {
    const problem = tagProblem(tag);
    if (problem) return `is refused: it holds ${problem}`;
    // A value put into an attribute could become a script URL or a handler: text only.
    if (tag.includes('{{')) return 'is refused: placeholders belong in text, not in attributes';
  }
  for (const css of scanned.styles) {
    const problem = cssProblem(css);
    if (problem) return `is refused: it holds ${problem}`;
    if (css.includes('{{')) return 'is refused: placeholders belong in text, not in <style>';
  }
  return null;
}

/** Whether the file starts like an SVG document (the check above decides whether it is one). */
export function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return /^\s*(?:<\?xml[\s?]|<!--|<!doctype\s+svg|<svg[\s>])/i.test(head);
}
