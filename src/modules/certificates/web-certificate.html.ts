/**
 * The web certificate: the built-in certificate's design as HTML and CSS (not an image),
 * responsive, printable to one page; over a template PDF of the institution's own, that
 * certificate's issued page. Every value from outside goes through `html`, which
 * escapes it; names and titles are isolated (`<bdi>`) so they cannot reorder the page.
 */
import { withoutBidiControls } from '../../shared/bidi';
import type { Translator } from '../../shared/i18n';
import { resolveLocale } from '../../shared/i18n';
import { certificateTranslator, TIER_ACCENTS, tierName } from '../issuance';
import {
  date,
  html,
  htmlDocument,
  isolated,
  languageSelector,
  type PageSharing,
  SafeHtml,
  statusBadge,
  VerificationStatus,
  type VerificationResult,
} from '../verification';
import { qrSvg } from './qr-svg';
import type { WebCertificate } from './web-certificate.data';
import { CERTIFICATE_STYLE, PAGE_STYLE } from './web-certificate.style';

/** The page's words: its own catalog (`w`) and the verification page's (`t`). */
export interface PageWords {
  t: Translator;
  w: Translator;
}

function layout(
  words: PageWords,
  title: string,
  nonce: string,
  body: SafeHtml,
  options: { style?: string; script?: string; indexable?: boolean } = {},
): string {
  return htmlDocument(words.t, title, nonce, body, {
    style: PAGE_STYLE + (options.style ?? ''),
    scripts: options.script ? [options.script] : [],
    indexable: options.indexable,
  });
}

/** The print button asks the browser's print dialog (the print stylesheet does the rest). */
const PRINT_SCRIPT = `
(function () {
  var button = document.getElementById('print');
  if (button) button.addEventListener('click', function () { window.print(); });
})();
`;

/** `@page` for the certificate's paper. */
function paperStyle(page: WebCertificate['page']): string {
  const [w, h] = page.size === 'Letter' ? ['11in', '8.5in'] : ['297mm', '210mm'];
  const [width, height] = page.orientation === 'portrait' ? [h, w] : [w, h];
  return `
@page { size: ${width} ${height}; margin: 0; }
@media print {
  html, body { width: ${width}; height: ${height}; }
  .certificate { width: ${width}; height: ${height}; aspect-ratio: auto; }
}
.certificate { aspect-ratio: ${page.orientation === 'portrait' ? '210 / 297' : '297 / 210'}; }`;
}

function sharingLinks(words: PageWords, sharing: PageSharing | null): SafeHtml | null {
  if (!sharing || (!sharing.linkedInUrl && !sharing.downloads)) return null;
  const { t } = words;
  const { downloads, linkedInUrl } = sharing;
  return html`<nav class="share" aria-label="${words.w.t('share.heading')}">
    ${
      linkedInUrl
        ? html`<a id="linkedin" href="${linkedInUrl}" rel="noopener noreferrer" target="_blank"
            >${t.t('share.linkedIn')}</a
          >`
        : null
    }
    ${
      downloads
        ? html`<a id="badge-png" href="${downloads.png}" download>${t.t('share.png')}</a>
            <a id="badge-svg" href="${downloads.svg}" download>${t.t('share.svg')}</a>
            <a id="badge-json" href="${downloads.openBadge}" download>${t.t('share.openBadge')}</a>`
        : null
    }
  </nav>`;
}

export interface CertificatePageInput {
  certificate: WebCertificate;
  sharing: PageSharing | null;
  words: PageWords;
  nonce: string;
  /** Links relative to /certificates/<id> (they keep ?lang=). */
  verifyHref: string;
  downloadHref: string | null;
}

/** The certificate itself, as the PDF lays it out. */
function certificateArticle(certificate: WebCertificate, words: PageWords): SafeHtml {
  const { t } = words;
  // The configuration's own wording applies in its own language only.
  const own = resolveLocale(certificate.locale) === t.locale;
  const c = certificateTranslator(t.locale, own ? certificate.messages : {});
  const tier = tierName(certificate.tier);
  const variant =
    certificate.kind === 'BADGE' ? 'badge' : certificate.contextKind === 'path' ? 'path' : 'course';
  const heading = c.t(variant === 'badge' ? 'heading.badge' : `heading.${tier}`);
  const achievement = certificate.achievement;
  const description: string[] = [];
  if (variant === 'path' && achievement?.courseCount) {
    description.push(c.t('result.courses', { count: achievement.courseCount }));
  }
  if (achievement?.grade != null)
    description.push(c.t('result.grade', { grade: achievement.grade }));
  const same = (a: string, b: string) =>
    a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
  const completed = c.t(
    variant === 'badge'
      ? 'earned.badge'
      : variant === 'path'
        ? 'completed.path'
        : 'completed.course',
  );
  if (certificate.pageImage) {
    // The institution's own design, as issued: the page itself, its facts in the alt text.
    const facts = [
      withoutBidiControls(certificate.learnerName),
      withoutBidiControls(certificate.configurationName),
      withoutBidiControls(certificate.title),
      date(certificate.issuedAt, t),
    ].join(' · ');
    return html`<article
      id="certificate"
      class="certificate page-image ${certificate.page.orientation}"
      aria-labelledby="certificate-heading"
    >
      <h1 id="certificate-heading" class="visually-hidden">${heading}</h1>
      <img id="certificate-image" src="${certificate.pageImage}" alt="${facts}" />
    </article>`;
  }
  const signatories = certificate.signatories.map(
    (signatory) =>
      html`<figure class="signature">
        ${
          signatory.signature
            ? html`<img src="${signatory.signature}" alt="" class="signature-image" />`
            : html`<span class="signature-image"></span>`
        }
        <p class="line signatory-name">${isolated(signatory.name)}</p>
        <figcaption>
          ${isolated(signatory.title)}${
            signatory.organization ? html`<br />${isolated(signatory.organization)}` : null
          }
        </figcaption>
      </figure>`,
  );
  return html`<article
    id="certificate"
    class="certificate tier-${tier} ${certificate.page.orientation}"
    aria-labelledby="certificate-heading"
  >
    <div class="frame">
      <header class="issuer">
        ${
          certificate.logo
            ? html`<img id="logo" class="logo" src="${certificate.logo}" alt="" />`
            : null
        }
        ${
          certificate.organizationName
            ? html`<p id="organization" class="organization">
                ${isolated(certificate.organizationName)}
              </p>`
            : null
        }
      </header>
      <h1 id="certificate-heading" class="heading">${heading}</h1>
      <div class="rule" aria-hidden="true"><span></span></div>
      ${
        same(certificate.configurationName, heading)
          ? null
          : html`<p id="credential-name" class="configuration">
              ${isolated(certificate.configurationName)}
            </p>`
      }
      <p class="intro">${c.t('intro')}</p>
      <p id="learner-name" class="name">${isolated(certificate.learnerName)}</p>
      <p class="completed">${completed}</p>
      <p id="title" class="title">${isolated(certificate.title)}</p>
      ${
        description.length > 0
          ? html`<p id="description" class="description">${description.join(' · ')}</p>`
          : null
      }
      <div class="signatures">
        <figure class="signature date">
          <span class="signature-image"></span>
          <p id="issued-at" class="line">${date(certificate.issuedAt, t)}</p>
          <figcaption>${c.t('date.label')}</figcaption>
        </figure>
        ${signatories}
      </div>
      <footer class="verification">
        <a class="qr-link" href="${certificate.verificationUrl}" aria-label="${c.t('verify.label')}"
          >${new SafeHtml(qrSvg(certificate.verificationUrl))}</a
        >
        <div class="verify-text">
          <p class="verify-label">${c.t('verify.label')}</p>
          <p><a href="${certificate.verificationUrl}">${certificate.verificationUrl}</a></p>
          <p id="verification-id">
            ${c.t('verify.id', { verificationId: certificate.verificationId })}
          </p>
        </div>
        <div class="seal" aria-hidden="true"><span>${c.t(`tier.${tier}`)}</span></div>
      </footer>
    </div>
  </article>`;
}

export function renderCertificatePage(input: CertificatePageInput): string {
  const { certificate, words, nonce } = input;
  const { t, w } = words;
  const toolbar = html`<header class="toolbar">
    <div class="toolbar-row">
      ${statusBadge(VerificationStatus.VALID, t)}
      ${
        certificate.signatureValid === false
          ? html`<p id="signature-warning" class="warning">${t.t('signature.warning')}</p>`
          : null
      }
      <nav class="actions">
        <button id="print" type="button">${w.t('action.print')}</button>
        ${
          input.downloadHref
            ? html`<a id="download" href="${input.downloadHref}">${t.t('download.pdf')}</a>`
            : null
        }
        <a id="verify-link" href="${input.verifyHref}">${w.t('action.verify')}</a>
      </nav>
      ${languageSelector(t)}
    </div>
    ${sharingLinks(words, input.sharing)}
  </header>`;
  return layout(
    words,
    w.t('page.title', { credential: certificate.configurationName, name: certificate.learnerName }),
    nonce,
    html`${toolbar}
      <main>${certificateArticle(certificate, words)}</main>`,
    {
      style: `${CERTIFICATE_STYLE}\n.certificate { --accent: ${TIER_ACCENTS[tierName(certificate.tier)]}; }\n${paperStyle(certificate.page)}`,
      script: PRINT_SCRIPT,
      indexable: certificate.isPublic,
    },
  );
}

/** Revoked or invalidated: says so, with the reason, instead of the certificate. */
export function renderWithdrawnPage(
  result: VerificationResult,
  words: PageWords,
  nonce: string,
  verifyHref: string,
): string {
  const { t, w } = words;
  const what =
    result.status === VerificationStatus.INVALIDATED
      ? 'invalidated'
      : result.status === VerificationStatus.EXPIRED
        ? 'expired'
        : 'revoked';
  const notice =
    what !== 'expired'
      ? t.t(`withdrawn.${what}`)
      : result.expiresAt
        ? t.t('expired.notice', { date: t.formatDate(result.expiresAt) })
        : t.t('expired.noticeUndated');
  return layout(
    words,
    t.t(`title.${what}`),
    nonce,
    html`<main class="notice-page">
      ${languageSelector(t)} ${statusBadge(result.status, t)}
      <h1>${t.t(`title.${what}`)}</h1>
      <p id="withdrawn" class="warning">${notice}</p>
      ${result.credentialName ? html`<p>${isolated(result.credentialName)}</p>` : null}
      ${
        result.reason !== null
          ? html`<p>
              ${t.t('withdrawn.reason')}
              <bdi id="reason" dir="auto">${withoutBidiControls(result.reason)}</bdi>
            </p>`
          : null
      }
      <p><a id="verify-link" href="${verifyHref}">${w.t('withdrawn.link')}</a></p>
    </main>`,
  );
}

/** Private (no token) or not for this account: what to do instead. */
export function renderDeniedPage(
  code: 'UNAUTHENTICATED' | 'FORBIDDEN',
  words: PageWords,
  nonce: string,
  verifyHref: string,
): string {
  const { w, t } = words;
  return layout(
    words,
    w.t('private.title'),
    nonce,
    html`<main class="notice-page">
      ${languageSelector(t)}
      <h1>${w.t('private.title')}</h1>
      <p id="denied" data-code="${code}">
        ${w.t(code === 'UNAUTHENTICATED' ? 'private.notice' : 'forbidden.notice')}
      </p>
      <p><a id="verify-link" href="${verifyHref}">${w.t('action.verify')}</a></p>
    </main>`,
  );
}

export function renderNotFoundPage(words: PageWords, nonce: string): string {
  const { t } = words;
  return layout(
    words,
    t.t('title.notFound'),
    nonce,
    html`<main class="notice-page">
      ${languageSelector(t)} ${statusBadge(VerificationStatus.NOT_FOUND, t)}
      <h1>${t.t('title.notFound')}</h1>
      <p class="notice">${t.t('notFound.notice')}</p>
    </main>`,
  );
}

/** Too many requests, or the records could not be read just now. */
export function renderProblemPage(
  words: PageWords,
  nonce: string,
  title: string,
  message: string,
): string {
  return layout(
    words,
    title,
    nonce,
    html`<main class="notice-page">
      <h1>${title}</h1>
      <p class="notice">${message}</p>
    </main>`,
  );
}
