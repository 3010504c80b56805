/** The verification page's optional sections: Open Badges check and sharing, badge upload. */
import { withoutBidiControls } from '../../shared/bidi';
import type { Translator } from '../../shared/i18n';
import { scriptMessages } from './page-messages';
import type { PageSharing } from './page-sharing';
import { html, type SafeHtml } from './safe-html';
import { row } from './verify-page.parts';

/** The Open Badges 3.0 check, one row per fact (a status list check adds a row). */
export function openBadgeSection(sharing: PageSharing, t: Translator): SafeHtml {
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

export function badgeCheckSection(
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
export function openGraphTags(sharing: PageSharing | null | undefined): SafeHtml | null {
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
