/**
 * Server-rendered HTML of the public verification page. Every interpolated value goes
 * through `html`, which escapes it unless it is already `SafeHtml`; the page loads nothing
 * from elsewhere and its one script and stylesheet carry the response's CSP nonce.
 */
import { withoutBidiControls } from '../../shared/bidi';
import type { Translator } from '../../shared/i18n';
import { LANGUAGE_NAMES, SUPPORTED_LOCALES } from './page-locale';
import { scriptMessages, verifyPageTranslator } from './page-messages';
import type { PageSharing } from './page-sharing';
import { BADGE_CHECK_SCRIPT, FILE_CHECK_SCRIPT } from './verify-page.scripts';
import { VerificationStatus, type VerificationResult } from './verification.status';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | null | undefined | false | Interpolation[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

function interpolate(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(interpolate).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** Tagged template: literal parts are trusted markup, interpolations are escaped. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += interpolate(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

const STYLE = `
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

export function date(value: Date, t: Translator): SafeHtml {
  return html`<time datetime="${value.toISOString()}">${t.formatDate(value)}</time>`;
}

/** Links to this page in every supported language (`?lang=`): no script, no form. */
export function languageSelector(t: Translator): SafeHtml {
  const links = SUPPORTED_LOCALES.map(
    (locale) =>
      html`<li>
        <a
          href="?lang=${locale}"
          hreflang="${locale}"
          lang="${locale}"
          data-lang="${locale}"
          ${locale === t.locale ? html`aria-current="true"` : null}
          >${LANGUAGE_NAMES[locale]}</a
        >
      </li>`,
  );
  return html`<details id="language" class="language">
    <summary>${t.t('language')}: ${LANGUAGE_NAMES[t.locale]}</summary>
    <ul>
      ${links}
    </ul>
  </details>`;
}

interface LayoutOptions {
  /** Scripts to run, each trusted source text; they share the response's nonce. */
  scripts?: string[];
  /** Extra tags for the head (Open Graph), already escaped. */
  head?: SafeHtml | null;
  /** Search engines may index the page (a credential its learner made public). */
  indexable?: boolean;
}

function layout(
  t: Translator,
  title: string,
  nonce: string,
  body: SafeHtml,
  options: LayoutOptions = {},
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
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        <main>
          ${languageSelector(t)} ${body}
          <footer>${t.t('footer')}</footer>
        </main>
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

export function statusBadge(status: VerificationStatus, t: Translator): SafeHtml {
  const css = status.toLowerCase().replace('_', '-');
  return html`<p>
    <span id="status" class="status ${css}" data-status="${status}"
      >${t.t(`status.${status}`)}</span
    >
  </p>`;
}

/** Text from outside (names, titles, reasons) shown isolated, so it cannot reorder the page. */
export function isolated(value: string | null): SafeHtml | null {
  return value === null ? null : html`<bdi dir="auto">${withoutBidiControls(value)}</bdi>`;
}

/** The organization's name, linked to its site when that is an http(s) URL. */
export function organization(name: string | null, url: string | null): SafeHtml | null {
  const shown = isolated(name);
  if (shown === null || url === null || !/^https?:\/\//i.test(url)) return shown;
  return html`<a href="${url}" rel="noopener noreferrer">${shown}</a>`;
}

function row(id: string, label: string, value: Interpolation): SafeHtml | null {
  if (value === null || value === undefined) return null;
  return html`<dt>${label}</dt>
    <dd id="${id}">${value}</dd>`;
}

export interface VerificationPageInput {
  result: VerificationResult;
  /** Canonical verification ID; shown only for credentials that exist. */
  verificationId: string | null;
  nonce: string;
  /** The page's language; default English. */
  t?: Translator;
  /** Relative link to the web certificate, or null when there is none to show. */
  certificateHref?: string | null;
  /** Relative link to the PDF, or null when no download is offered. */
  downloadHref: string | null;
  /** The Open Badges check and sharing of an AVAILABLE credential. */
  sharing?: PageSharing | null;
  /** Where the page's script posts a dropped badge, and the largest file it sends. */
  badgeCheck?: { action: string; maxBytes: number } | null;
}

/** The Open Badges 3.0 check, one row per fact (a status list check adds a row). */
function openBadgeSection(sharing: PageSharing, t: Translator): SafeHtml {
  const check = sharing.openBadge;
  const verdict = (good: boolean, text: string) =>
    html`<span class="${good ? 'ok' : 'bad'}">${text}</span>`;
  const period = (expired: boolean, notYetValid: boolean) =>
    expired
      ? verdict(false, t.t('verdict.expired'))
      : notYetValid
        ? verdict(false, t.t('verdict.notYetValid'))
        : verdict(true, t.t('verdict.current'));
  const rows =
    check === null
      ? html`<p id="ob-unavailable" class="notice">${t.t('openBadge.unavailable')}</p>`
      : html`<dl>
          ${row('ob-verified', t.t('openBadge.result'), verdict(check.verified, t.t(check.verified ? 'verdict.verified' : 'verdict.notVerified')))}
          ${row('ob-signature', t.t('label.signature'), verdict(check.signatureValid, t.t(check.signatureValid ? 'signature.valid' : 'signature.invalid')))}
          ${row('ob-status', t.t('openBadge.statusList'), check.statusChecked ? verdict(!check.revoked, t.t(check.revoked ? 'verdict.revoked' : 'verdict.notRevoked')) : verdict(false, t.t('verdict.unchecked')))}
          ${row('ob-expiry', t.t('openBadge.validity'), period(check.expired, check.notYetValid))}
          ${row('ob-issuer', t.t('openBadge.issuer'), check.issuer === null ? null : html`<code>${check.issuer}</code>`)}
        </dl>`;
  const { downloads, linkedInUrl } = sharing;
  const share =
    downloads === null
      ? null
      : html`<p class="share">
          <a id="ob-json" href="${downloads.openBadge}" download>${t.t('share.openBadge')}</a>
          <a id="ob-png" href="${downloads.png}" download>${t.t('share.png')}</a>
          <a id="ob-svg" href="${downloads.svg}" download>${t.t('share.svg')}</a>
        </p>`;
  const linkedIn =
    linkedInUrl === null
      ? null
      : html`<p>
          <a id="linkedin" href="${linkedInUrl}" rel="noopener noreferrer" target="_blank"
            >${t.t('share.linkedIn')}</a
          >
        </p>`;
  return html`<section id="open-badge">
    <h2>Open Badges 3.0</h2>
    <p>${t.t('openBadge.intro')}</p>
    ${rows} ${share} ${linkedIn}
  </section>`;
}

function badgeCheckSection(
  badgeCheck: { action: string; maxBytes: number },
  t: Translator,
): SafeHtml {
  return html`<section
    id="badge-check"
    data-messages="${JSON.stringify(scriptMessages(t.locale))}"
    data-action="${badgeCheck.action}"
    data-max-bytes="${badgeCheck.maxBytes}"
  >
    <h2>${t.t('badgeCheck.heading')}</h2>
    <p>${t.t('badgeCheck.intro')}</p>
    <div id="badge-drop" role="button" tabindex="0">${t.t('badgeCheck.drop')}</div>
    <input
      id="badge-input"
      type="file"
      accept=".json,.png,.svg,application/json,application/ld+json,image/png,image/svg+xml"
    />
    <div id="badge-result" role="status" aria-live="polite"></div>
    <noscript><p>${t.t('badgeCheck.noscript')}</p></noscript>
  </section>`;
}

/** Link-preview tags of a public credential; everything in them is escaped. */
function openGraphTags(sharing: PageSharing | null | undefined): SafeHtml | null {
  const og = sharing?.openGraph;
  if (!og) return null;
  const title = withoutBidiControls(og.title);
  const description = withoutBidiControls(og.description);
  return html`<meta property="og:type" content="website" />
    <meta property="og:title" content="${title}" />
    <meta property="og:description" content="${description}" />
    <meta property="og:image" content="${og.image}" />
    <meta property="og:url" content="${og.url}" />
    <meta name="twitter:card" content="summary" />
    <meta name="twitter:title" content="${title}" />
    <meta name="twitter:description" content="${description}" />
    <meta name="twitter:image" content="${og.image}" />
    <link rel="canonical" href="${og.url}" />`;
}

export function renderVerificationPage(input: VerificationPageInput): string {
  const { result, verificationId, nonce, downloadHref, sharing, badgeCheck } = input;
  const t = input.t ?? verifyPageTranslator('en');
  const { status } = result;
  const badgeSection = badgeCheck ? badgeCheckSection(badgeCheck, t) : null;
  const scripts = badgeCheck ? [BADGE_CHECK_SCRIPT] : [];
  if (status === VerificationStatus.NOT_FOUND) {
    return layout(
      t,
      t.t('title.notFound'),
      nonce,
      html`<h1>${t.t('page.heading')}</h1>
        ${statusBadge(status, t)}
        <p class="notice">${t.t('notFound.notice')}</p>
        ${badgeSection}`,
      { scripts },
    );
  }

  const details = html`<dl>
    ${status === VerificationStatus.VALID || status === VerificationStatus.EXPIRED ? row('learner-name', t.t('label.awardedTo'), isolated(result.learnerName)) : null}
    ${row('organization', t.t('label.issuedBy'), organization(result.organizationName, result.organizationUrl))}
    ${row('credential-name', t.t('label.credential'), isolated(result.credentialName))}
    ${row('context-title', t.t('label.context'), isolated(result.contextTitle))}
    ${row('title-override', t.t('label.titleOverride'), isolated(result.titleOverride))}
    ${row('issued-at', t.t('label.issued'), result.issuedAt ? date(result.issuedAt, t) : null)}
    ${row('expires-at', status === VerificationStatus.EXPIRED ? t.t('label.expired') : t.t('label.validUntil'), result.expiresAt ? date(result.expiresAt, t) : null)}
    ${row('verification-id', t.t('label.verificationId'), verificationId ? html`<code>${verificationId}</code>` : null)}
    ${row('sha256', t.t('label.sha256'), result.sha256 ? html`<code>${result.sha256}</code>` : null)}
    ${row(
      'signature',
      t.t('label.signature'),
      result.signatureValid === null
        ? null
        : t.t(result.signatureValid ? 'signature.valid' : 'signature.invalid'),
    )}
  </dl>`;

  if (status === VerificationStatus.EXPIRED) {
    return layout(
      t,
      t.t('title.expired'),
      nonce,
      html`<h1>${t.t('page.heading')}</h1>
        ${statusBadge(status, t)}
        <p class="notice warning">
          ${result.expiresAt ? t.t('expired.notice', { date: t.formatDate(result.expiresAt) }) : t.t('expired.noticeUndated')}
        </p>
        ${details} ${badgeSection}`,
      { scripts },
    );
  }

  if (status !== VerificationStatus.VALID) {
    const what = status === VerificationStatus.INVALIDATED ? 'invalidated' : 'revoked';
    return layout(
      t,
      t.t(`title.${what}`),
      nonce,
      html`<h1>${t.t('page.heading')}</h1>
        ${statusBadge(status, t)}
        <p class="notice warning">${t.t(`withdrawn.${what}`)}</p>
        ${details}
        ${result.reason !== null ? html`<p>${t.t('withdrawn.reason')} <bdi id="reason" dir="auto">${withoutBidiControls(result.reason)}</bdi></p>` : null}
        ${badgeSection}`,
      { scripts },
    );
  }

  const signatureWarning =
    result.signatureValid === false
      ? html`<p id="signature-warning" class="notice warning">${t.t('signature.warning')}</p>`
      : null;
  const download =
    downloadHref === null
      ? null
      : html`<a id="download" class="download" href="${downloadHref}">${t.t('download.pdf')}</a>`;
  const certificate =
    input.certificateHref == null
      ? null
      : html`<a id="view-certificate" class="download" href="${input.certificateHref}"
          >${t.t('view.certificate')}</a
        >`;
  const fileCheck =
    result.sha256 === null
      ? null
      : html`<section
          id="file-check"
          data-sha256="${result.sha256}"
          data-messages="${JSON.stringify(scriptMessages(t.locale))}"
        >
          <h2>${t.t('fileCheck.heading')}</h2>
          <p>${t.t('fileCheck.intro')}</p>
          <input id="file-input" type="file" accept=".pdf,application/pdf" />
          <p id="file-result" role="status" aria-live="polite"></p>
          <noscript><p>${t.t('fileCheck.noscript')}</p></noscript>
        </section>`;
  return layout(
    t,
    t.t('title.valid'),
    nonce,
    html`<h1>${t.t('page.heading')}</h1>
      ${statusBadge(status, t)} ${signatureWarning} ${details} ${certificate} ${download}
      ${sharing ? openBadgeSection(sharing, t) : null} ${fileCheck} ${badgeSection}`,
    {
      scripts: fileCheck === null ? scripts : [FILE_CHECK_SCRIPT, ...scripts],
      head: openGraphTags(sharing),
      indexable: sharing?.isPublic === true,
    },
  );
}

export function renderRateLimitedPage(
  t: Translator,
  nonce: string,
  retryAfterSeconds: number,
): string {
  return layout(
    t,
    t.t('rateLimited.title'),
    nonce,
    html`<h1>${t.t('rateLimited.title')}</h1>
      <p class="notice">${t.t('rateLimited.notice', { seconds: retryAfterSeconds })}</p>`,
  );
}

export function renderErrorPage(t: Translator, nonce: string): string {
  return layout(
    t,
    t.t('unavailable.title'),
    nonce,
    html`<h1>${t.t('unavailable.title')}</h1>
      <p class="notice">${t.t('unavailable.notice')}</p>`,
  );
}
