/**
 * The frame of every verification page: head, language selector, footer. Its one
 * stylesheet and script carry the response's CSP nonce; the page loads nothing from elsewhere.
 */
import type { Translator } from '../../shared/i18n';
import { html, SafeHtml } from './safe-html';
import { languageSelector } from './verify-page.parts';

const VERIFY_PAGE_STYLE = `
:root { color-scheme: light; --ok: #0f6b3a; --bad: #a3192a; --muted: #5b6470; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1d232a; background: #f4f5f7; }
main { max-width: 44rem; margin: 2rem auto; padding: 2rem; background: #fff;
  border-radius: 12px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
.status { display: inline-block; padding: .3rem .8rem; border-radius: 999px; font-weight: 600; }
.status.valid { background: #e3f4ea; color: var(--ok); }
.status.invalidated, .status.revoked, .status.expired, .status.not-found { background: #fbe7e9; color: var(--bad); }
.notice { margin: 1rem 0; }
.warning { padding: .8rem 1rem; border-left: 4px solid var(--bad); background: #fdf1f2; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1.2rem; margin: 1.5rem 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
code { font: .85rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
section { border-top: 1px solid #e4e6ea; margin-top: 1.5rem; padding-top: 1rem; }
h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
a.download { display: inline-block; margin-top: .5rem; }
#file-result { overflow-wrap: anywhere; }
#file-result[data-result="match"] { color: var(--ok); font-weight: 600; }
#file-result[data-result="mismatch"], #file-result[data-result="error"] { color: var(--bad); font-weight: 600; }
footer { color: var(--muted); font-size: .85rem; margin-top: 2rem; }
.language { float: inline-end; font-size: .9rem; }
.language summary { cursor: pointer; color: var(--muted); }
.language ul { list-style: none; margin: .3rem 0; padding: 0; columns: 2; }
.language a[aria-current] { font-weight: 600; }
a.download { margin-inline-end: 1rem; }
.ok { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.share a { margin-right: 1rem; }
#badge-drop { border: 2px dashed #b8bec7; border-radius: 8px; padding: 1.2rem; text-align: center;
  color: var(--muted); margin: .5rem 0; }
#badge-drop.over { border-color: var(--ok); background: #f1f8f4; }
#badge-result[data-result="verified"] .headline { color: var(--ok); font-weight: 600; }
#badge-result[data-result="not-verified"] .headline, #badge-result[data-result="error"] .headline {
  color: var(--bad); font-weight: 600; }
`;

/** What frames a page besides its body. */
export interface DocumentOptions {
  /** The stylesheet, trusted source text; it carries the response's nonce. */
  style: string;
  /** Scripts to run, each trusted source text; they share the response's nonce. */
  scripts?: string[];
  /** Extra tags for the head (Open Graph), already escaped. */
  head?: SafeHtml | null;
  /** Search engines may index the page (a credential its learner made public). */
  indexable?: boolean;
}

/** A whole HTML document in the translator's language and direction. */
export function htmlDocument(
  t: Translator,
  title: string,
  nonce: string,
  body: SafeHtml,
  options: DocumentOptions,
): string {
  const scripts = options.scripts ?? [];
  return html`<!doctype html>
    <html lang="${t.locale}" dir="${t.direction}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${options.indexable ? null : html`<meta name="robots" content="noindex" />`}
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        ${options.head ?? null}
        <style nonce="${nonce}">
          ${new SafeHtml(options.style)}
        </style>
      </head>
      <body>
        ${body}
        ${
          scripts.length === 0
            ? null
            : html`<script nonce="${nonce}">
                ${new SafeHtml(scripts.join(';\n'))};
              </script>`
        }
      </body>
    </html> `.value;
}

/** A verification page: the language selector, the body, the footer. */
export function layout(
  t: Translator,
  title: string,
  nonce: string,
  body: SafeHtml,
  options: Omit<DocumentOptions, 'style'> = {},
): string {
  return htmlDocument(
    t,
    title,
    nonce,
    html`<main>
      ${languageSelector(t)} ${body}
      <footer>${t.t('footer')}</footer>
    </main>`,
    { ...options, style: VERIFY_PAGE_STYLE },
  );
}
