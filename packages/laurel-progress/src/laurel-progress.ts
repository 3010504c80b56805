import {
  ApiError,
  type Context,
  type CredentialProgress,
  LaurelConnection,
  type RequirementProgress,
} from './api.js';
import { directionOf, format, type Messages, messagesFor, pickLocale } from './messages.js';
import { STYLES } from './styles.js';

type Phase = 'loading' | 'ready' | 'signed-out' | 'failed';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A close code or error code meaning "no valid sign-in". */
function isSignInError(error: unknown): boolean {
  if (error instanceof ApiError) return error.code === 'UNAUTHENTICATED';
  const code = (error as { code?: unknown } | null)?.code;
  return code === 4401 || code === 4403;
}

/**
 * `<laurel-progress course-id="…">` (or `path-id="…"`): the signed-in learner's progress
 * towards each credential of a course or learning path, live. Attributes: `endpoint` (the
 * GraphQL URL; default: the server that served this script), `token` (a JWT; default: the
 * Open edX JWT cookie), `locale` (default: the page's language).
 *
 * Events (bubbling, composed): `laurel-progress-load` and `laurel-progress-change`
 * (`detail.progress`: the list shown), `laurel-credential-earned` (`detail.credential`),
 * `laurel-progress-error` (`detail.error`).
 */
export class LaurelProgressElement extends HTMLElement {
  static observedAttributes = ['course-id', 'path-id', 'endpoint', 'token', 'locale'];

  /** Where the bundle was loaded from: its server is the default endpoint. */
  static defaultEndpoint = new URL('/graphql', import.meta.url).href;

  private readonly root: ShadowRoot;
  private connection: LaurelConnection | null = null;
  private stopWatching: (() => void) | null = null;
  private entries: CredentialProgress[] = [];
  private phase: Phase = 'loading';
  private generation = 0;
  private restartQueued = false;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
  }

  /** The credentials shown, as the API last told them. */
  get progress(): readonly CredentialProgress[] {
    return this.entries;
  }

  connectedCallback(): void {
    this.queueRestart();
  }

  disconnectedCallback(): void {
    this.stop();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.queueRestart();
  }

  private get locale(): string {
    const lang =
      this.getAttribute('locale') ??
      this.closest('[lang]')?.getAttribute('lang') ??
      navigator.language;
    return pickLocale(lang);
  }

  private get context(): Context | null {
    const courseId = this.getAttribute('course-id');
    const learningPathId = this.getAttribute('path-id');
    if (!courseId === !learningPathId) return null;
    return { courseId, learningPathId };
  }

  /** Attributes often change together: one restart for all of them. */
  private queueRestart(): void {
    if (this.restartQueued) return;
    this.restartQueued = true;
    queueMicrotask(() => {
      this.restartQueued = false;
      void this.start();
    });
  }

  private stop(): void {
    this.generation += 1;
    this.stopWatching?.();
    this.stopWatching = null;
    void this.connection?.close();
    this.connection = null;
  }

  private async start(): Promise<void> {
    this.stop();
    const generation = this.generation;
    const context = this.context;
    if (!this.isConnected || context === null) return;
    const endpoint = this.getAttribute('endpoint') ?? LaurelProgressElement.defaultEndpoint;
    const connection = new LaurelConnection(endpoint, this.getAttribute('token'));
    this.connection = connection;
    this.phase = 'loading';
    this.render();
    const current = () => generation === this.generation;
    try {
      // Subscribe first: a change between the query and the subscription is not lost.
      this.stopWatching = connection.watch(context, {
        progress: (entry) => current() && this.update(entry),
        credentialEvent: () => current() && void this.reload(connection, context, current),
        error: (error) => current() && this.fail(error),
      });
      await this.reload(connection, context, current);
      if (current()) this.emit('laurel-progress-load', { progress: this.entries });
    } catch (error) {
      if (current()) this.fail(error);
    }
  }

  private async reload(
    connection: LaurelConnection,
    context: Context,
    current: () => boolean,
  ): Promise<void> {
    const entries = await connection.progress(context);
    if (!current()) return;
    const before = this.phase === 'ready' ? this.entries : null;
    this.entries = entries;
    this.phase = 'ready';
    this.render();
    this.announceEarned(before);
  }

  private update(entry: CredentialProgress): void {
    const before = this.phase === 'ready' ? this.entries : null;
    const index = this.entries.findIndex((e) => e.configuration.id === entry.configuration.id);
    this.entries =
      index === -1
        ? [...this.entries, entry]
        : this.entries.map((e, i) => (i === index ? entry : e));
    this.phase = 'ready';
    this.render();
    this.announceEarned(before);
    this.emit('laurel-progress-change', { progress: this.entries });
  }

  /** A credential that became available while shown (not those held at the first load). */
  private announceEarned(before: readonly CredentialProgress[] | null): void {
    if (before === null) return;
    for (const entry of this.entries) {
      if (entry.credential?.status !== 'AVAILABLE') continue;
      const old = before.find((e) => e.configuration.id === entry.configuration.id);
      if (old?.credential?.status === 'AVAILABLE' && old.credential.id === entry.credential.id)
        continue;
      this.emit('laurel-credential-earned', { credential: entry.credential, entry });
    }
  }

  private fail(error: unknown): void {
    this.phase = isSignInError(error) ? 'signed-out' : 'failed';
    this.render();
    this.emit('laurel-progress-error', { error });
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private render(): void {
    const locale = this.locale;
    const t = messagesFor(locale);
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    let body: string;
    if (this.phase === 'loading') body = `<p class="note" role="status">${t.loading}</p>`;
    else if (this.phase === 'signed-out') body = `<p class="note" role="status">${t.signIn}</p>`;
    else if (this.phase === 'failed') body = `<p class="note" role="alert">${t.failed}</p>`;
    else if (this.entries.length === 0) body = `<p class="note">${t.empty}</p>`;
    else {
      body = [...this.entries]
        .sort((a, b) => a.configuration.tier - b.configuration.tier)
        .map((entry) => card(entry, t, percent))
        .join('');
    }
    this.root.innerHTML = `<style>${STYLES}</style>
<section lang="${locale}" dir="${directionOf(locale)}" aria-labelledby="laurel-title" aria-busy="${this.phase === 'loading'}">
<h2 id="laurel-title">${t.title}</h2>${body}</section>`;
  }
}

function bar(label: string, fraction: number, percent: Intl.NumberFormat, text: string): string {
  const value = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return `<div class="bar" role="progressbar" aria-label="${escapeHtml(label)}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${value}" aria-valuetext="${escapeHtml(text || percent.format(value / 100))}"><div class="fill" style="width:${value}%"></div></div>`;
}

function statusOf(entry: CredentialProgress, t: Messages): [text: string, className: string] {
  switch (entry.credential?.status ?? '') {
    case 'AVAILABLE':
      return [t.earned, 'earned'];
    case 'PENDING':
    case 'GENERATING':
      return [t.issuing, ''];
    case 'ERROR':
      return [t.failedIssue, 'bad'];
    case 'REVOKED':
      return [t.revoked, 'bad'];
    case 'EXPIRED':
      return [t.expired, 'bad'];
    default:
      return [entry.enrolled ? t.inProgress : t.notEnrolled, ''];
  }
}

function requirementLabel(req: RequirementProgress, t: Messages): string {
  const template = t.kinds[req.kind] ?? req.kind;
  return format(template, { type: req.assignmentType ?? '' });
}

function requirementItem(
  req: RequirementProgress,
  t: Messages,
  percent: Intl.NumberFormat,
): string {
  const label = requirementLabel(req, t);
  const fraction = req.required > 0 ? req.current / req.required : 1;
  // Thresholds in [0, 1] are shares; the kinds that count (posts, days) use whole numbers.
  const share = req.required <= 1 && req.current <= 1;
  const amount = (n: number) => (share ? percent.format(n) : String(n));
  const text = req.met
    ? t.met
    : format(t.ofRequired, { current: amount(req.current), required: amount(req.required) });
  const reason = !req.met && req.reason ? `<p class="reason">${escapeHtml(req.reason)}</p>` : '';
  return `<li class="${req.met ? 'met' : ''}"><div class="label"><span>${escapeHtml(label)}</span><span>${escapeHtml(text)}</span></div>${bar(label, fraction, percent, text)}${reason}</li>`;
}

function card(entry: CredentialProgress, t: Messages, percent: Intl.NumberFormat): string {
  const [status, className] = statusOf(entry, t);
  const name = escapeHtml(entry.configuration.name);
  const credential = entry.credential;
  const links =
    credential?.status === 'AVAILABLE'
      ? `<div class="links"><a href="${escapeHtml(credential.verificationUrl)}" target="_blank" rel="noopener">${t.view}</a>${
          credential.downloadUrl
            ? `<a href="${escapeHtml(credential.downloadUrl)}" target="_blank" rel="noopener">${t.download}</a>`
            : ''
        }</div>`
      : '';
  const overall = `${t.overall}: ${name}`;
  return `<article class="card ${className}" data-configuration-id="${escapeHtml(entry.configuration.id)}">
<div class="head"><h3>${name}</h3><span class="badge">${escapeHtml(format(t.tier, { tier: entry.configuration.tier }))}</span><span class="status" role="status">${escapeHtml(status)}</span></div>
<div class="overall">${bar(overall, entry.progress, percent, percent.format(entry.progress))}</div>
<ul>${entry.requirements.map((req) => requirementItem(req, t, percent)).join('')}</ul>${links}</article>`;
}
