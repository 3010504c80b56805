/**
 * Server-rendered HTML of the public verification page. Every interpolated value goes
 * through `html`, which escapes it unless it is already `SafeHtml`; the page loads nothing
 * from elsewhere and its one script and stylesheet carry the response's CSP nonce.
 */
import { withoutBidiControls } from '../../shared/bidi';
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

const STATUS_LABELS: Record<VerificationStatus, string> = {
  [VerificationStatus.VALID]: 'Valid',
  [VerificationStatus.INVALIDATED]: 'Invalidated',
  [VerificationStatus.REVOKED]: 'Revoked',
  [VerificationStatus.EXPIRED]: 'Expired',
  [VerificationStatus.NOT_FOUND]: 'Not found',
};

const DATE_FORMAT = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

function date(value: Date): SafeHtml {
  return html`<time datetime="${value.toISOString()}">${DATE_FORMAT.format(value)}</time>`;
}

interface LayoutOptions {
  /** Scripts to run, each trusted source text; they share the response's nonce. */
  scripts?: string[];
  /** Extra tags for the head (Open Graph), already escaped. */
  head?: SafeHtml | null;
  /** Search engines may index the page (a credential its learner made public). */
  indexable?: boolean;
}

function layout(title: string, nonce: string, body: SafeHtml, options: LayoutOptions = {}): string {
  const scripts = options.scripts ?? [];
  return html`<!doctype html>
    <html lang="en">
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
          ${body}
          <footer>Verified by Laurel from the issuer's own records.</footer>
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

function statusBadge(status: VerificationStatus): SafeHtml {
  const css = status.toLowerCase().replace('_', '-');
  return html`<p>
    <span id="status" class="status ${css}" data-status="${status}">${STATUS_LABELS[status]}</span>
  </p>`;
}

/** Text from outside (names, titles, reasons) shown isolated, so it cannot reorder the page. */
function isolated(value: string | null): SafeHtml | null {
  return value === null ? null : html`<bdi dir="auto">${withoutBidiControls(value)}</bdi>`;
}

/** The organization's name, linked to its site when that is an http(s) URL. */
function organization(name: string | null, url: string | null): SafeHtml | null {
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
  /** Relative link to the PDF, or null when no download is offered. */
  downloadHref: string | null;
  /** The Open Badges check and sharing of an AVAILABLE credential. */
  sharing?: PageSharing | null;
  /** Where the page's script posts a dropped badge, and the largest file it sends. */
  badgeCheck?: { action: string; maxBytes: number } | null;
}

/** The Open Badges 3.0 check, one row per fact (a status list check adds a row). */
function openBadgeSection(sharing: PageSharing): SafeHtml {
  const check = sharing.openBadge;
  const verdict = (good: boolean, text: string) =>
    html`<span class="${good ? 'ok' : 'bad'}">${text}</span>`;
  const period = (expired: boolean, notYetValid: boolean) =>
    expired
      ? verdict(false, 'Expired')
      : notYetValid
        ? verdict(false, 'Not yet valid')
        : verdict(true, 'Current');
  const rows =
    check === null
      ? html`<p id="ob-unavailable" class="notice">
          The Open Badges 3.0 credential could not be checked just now.
        </p>`
      : html`<dl>
          ${row('ob-verified', 'Result', verdict(check.verified, check.verified ? 'Verified' : 'Not verified'))}
          ${row('ob-signature', 'Signature', verdict(check.signatureValid, check.signatureValid ? 'Valid' : 'Invalid'))}
          ${row('ob-status', 'Status list', check.statusChecked ? verdict(!check.revoked, check.revoked ? 'Revoked' : 'Not revoked') : verdict(false, 'Could not be checked'))}
          ${row('ob-expiry', 'Validity period', period(check.expired, check.notYetValid))}
          ${row('ob-issuer', 'Issuer', check.issuer === null ? null : html`<code>${check.issuer}</code>`)}
        </dl>`;
  const { downloads, linkedInUrl } = sharing;
  const share =
    downloads === null
      ? null
      : html`<p class="share">
          <a id="ob-json" href="${downloads.openBadge}" download>Open Badge (JSON)</a>
          <a id="ob-png" href="${downloads.png}" download>Badge (PNG)</a>
          <a id="ob-svg" href="${downloads.svg}" download>Badge (SVG)</a>
        </p>`;
  const linkedIn =
    linkedInUrl === null
      ? null
      : html`<p>
          <a id="linkedin" href="${linkedInUrl}" rel="noopener noreferrer" target="_blank"
            >Add to LinkedIn</a
          >
        </p>`;
  return html`<section id="open-badge">
    <h2>Open Badges 3.0</h2>
    <p>
      This credential is also a signed Open Badges 3.0 credential; Laurel checks it as any verifier
      would, offline.
    </p>
    ${rows} ${share} ${linkedIn}
  </section>`;
}

function badgeCheckSection(badgeCheck: { action: string; maxBytes: number }): SafeHtml {
  return html`<section
    id="badge-check"
    data-action="${badgeCheck.action}"
    data-max-bytes="${badgeCheck.maxBytes}"
  >
    <h2>Verify an Open Badge</h2>
    <p>
      Drop an Open Badges 3.0 credential (JSON) or a badge image with one baked in (PNG or SVG) on
      this page, or choose the file. It is sent to this issuer to be checked and is not kept.
    </p>
    <div id="badge-drop" role="button" tabindex="0">Drop a badge here, or click to choose one</div>
    <input
      id="badge-input"
      type="file"
      accept=".json,.png,.svg,application/json,application/ld+json,image/png,image/svg+xml"
    />
    <div id="badge-result" role="status" aria-live="polite"></div>
    <noscript><p>Turn on JavaScript to check a badge here.</p></noscript>
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
  const { status } = result;
  const badgeSection = badgeCheck ? badgeCheckSection(badgeCheck) : null;
  const scripts = badgeCheck ? [BADGE_CHECK_SCRIPT] : [];
  if (status === VerificationStatus.NOT_FOUND) {
    return layout(
      'Credential not found',
      nonce,
      html`<h1>Credential verification</h1>
        ${statusBadge(status)}
        <p class="notice">
          No issued credential has this verification ID. Check that the address was copied
          completely.
        </p>
        ${badgeSection}`,
      { scripts },
    );
  }

  const details = html`<dl>
    ${status === VerificationStatus.VALID || status === VerificationStatus.EXPIRED ? row('learner-name', 'Awarded to', isolated(result.learnerName)) : null}
    ${row('organization', 'Issued by', organization(result.organizationName, result.organizationUrl))}
    ${row('credential-name', 'Credential', isolated(result.credentialName))}
    ${row('context-title', 'Course or program', isolated(result.contextTitle))}
    ${row('title-override', 'Title on the certificate', isolated(result.titleOverride))}
    ${row('issued-at', 'Issued', result.issuedAt ? date(result.issuedAt) : null)}
    ${row('expires-at', status === VerificationStatus.EXPIRED ? 'Expired' : 'Valid until', result.expiresAt ? date(result.expiresAt) : null)}
    ${row('verification-id', 'Verification ID', verificationId ? html`<code>${verificationId}</code>` : null)}
    ${row('sha256', 'SHA-256 of the PDF', result.sha256 ? html`<code>${result.sha256}</code>` : null)}
    ${row(
      'signature',
      'Issuer signature',
      result.signatureValid === null ? null : result.signatureValid ? 'Valid' : 'Invalid',
    )}
  </dl>`;

  if (status === VerificationStatus.EXPIRED) {
    return layout(
      'Credential expired',
      nonce,
      html`<h1>Credential verification</h1>
        ${statusBadge(status)}
        <p class="notice warning">
          This credential was issued as shown below, but it expired
          ${result.expiresAt ? html`on ${date(result.expiresAt)}` : null} and is no longer valid.
        </p>
        ${details} ${badgeSection}`,
      { scripts },
    );
  }

  if (status !== VerificationStatus.VALID) {
    const what = status === VerificationStatus.INVALIDATED ? 'invalidated' : 'revoked';
    return layout(
      `Credential ${what}`,
      nonce,
      html`<h1>Credential verification</h1>
        ${statusBadge(status)}
        <p class="notice warning">
          This credential was ${what} by its issuer and is no longer valid.
        </p>
        ${details}
        ${result.reason !== null ? html`<p>Reason: <bdi id="reason" dir="auto">${withoutBidiControls(result.reason)}</bdi></p>` : null}
        ${badgeSection}`,
      { scripts },
    );
  }

  const signatureWarning =
    result.signatureValid === false
      ? html`<p id="signature-warning" class="notice warning">
          The issuer's signature does not match this record: it may have been altered. Do not rely
          on it without asking the issuer.
        </p>`
      : null;
  const download =
    downloadHref === null
      ? null
      : html`<a id="download" class="download" href="${downloadHref}"
          >Download the certificate (PDF)</a
        >`;
  const fileCheck =
    result.sha256 === null
      ? null
      : html`<section id="file-check" data-sha256="${result.sha256}">
          <h2>Check a PDF</h2>
          <p>
            Choose the certificate file you were given; its SHA-256 is computed in your browser (the
            file is not uploaded) and compared with the issuer's record.
          </p>
          <input id="file-input" type="file" accept=".pdf,application/pdf" />
          <p id="file-result" role="status" aria-live="polite"></p>
          <noscript
            ><p>
              Turn on JavaScript to check a file here, or compare its SHA-256 with the one above.
            </p></noscript
          >
        </section>`;
  return layout(
    'Valid credential',
    nonce,
    html`<h1>Credential verification</h1>
      ${statusBadge(status)} ${signatureWarning} ${details} ${download}
      ${sharing ? openBadgeSection(sharing) : null} ${fileCheck} ${badgeSection}`,
    {
      scripts: fileCheck === null ? scripts : [FILE_CHECK_SCRIPT, ...scripts],
      head: openGraphTags(sharing),
      indexable: sharing?.isPublic === true,
    },
  );
}

export function renderRateLimitedPage(nonce: string, retryAfterSeconds: number): string {
  return layout(
    'Too many requests',
    nonce,
    html`<h1>Too many requests</h1>
      <p class="notice">
        Too many verifications came from your address. Please try again in ${retryAfterSeconds}
        seconds.
      </p>`,
  );
}

export function renderErrorPage(nonce: string): string {
  return layout(
    'Verification unavailable',
    nonce,
    html`<h1>Verification unavailable</h1>
      <p class="notice">The credential could not be checked just now. Please try again later.</p>`,
  );
}
