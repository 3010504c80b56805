/** Small pieces the verification page and the web certificate share. */
import { withoutBidiControls } from '../../shared/bidi';
import type { Translator } from '../../shared/i18n';
import { LANGUAGE_NAMES, SUPPORTED_LOCALES } from './page-locale';
import { html, type Interpolation, type SafeHtml } from './safe-html';
import type { VerificationStatus } from './verification.status';

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

export function row(id: string, label: string, value: Interpolation): SafeHtml | null {
  if (value === null || value === undefined) return null;
  return html`<dt>${label}</dt>
    <dd id="${id}">${value}</dd>`;
}
