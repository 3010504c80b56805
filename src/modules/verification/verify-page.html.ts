/** Server-rendered HTML of the public verification page (its frame: verify-page.layout.ts). */
import { withoutBidiControls } from '../../shared/bidi';
import type { Translator } from '../../shared/i18n';
import { scriptMessages, verifyPageTranslator } from './page-messages';
import type { PageSharing } from './page-sharing';
import { html } from './safe-html';
import { layout } from './verify-page.layout';
import { date, isolated, organization, row, statusBadge } from './verify-page.parts';
import { BADGE_CHECK_SCRIPT, FILE_CHECK_SCRIPT } from './verify-page.scripts';
import { badgeCheckSection, openBadgeSection, openGraphTags } from './verify-page.sections';
import { VerificationStatus, type VerificationResult } from './verification.status';

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
