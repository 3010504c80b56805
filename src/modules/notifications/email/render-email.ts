import { translator } from '../../../shared/i18n';
import { EMAIL_CATALOGS } from './catalogs';
import type { EmailKind } from './email-kind';

/** What an e-mail says, before it is put into words. */
export interface EmailFacts {
  kind: EmailKind;
  /** The configuration's locale (the certificate's language). */
  locale: string | null;
  learnerName: string;
  credentialName: string;
  contextTitle: string;
  verificationUrl: string;
  expiresAt: Date | null;
  reason: string | null;
}

export interface RenderedEmail {
  locale: string;
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Subject, plain text and HTML of one e-mail, every value escaped in the HTML part. */
export function renderEmail(facts: EmailFacts): RenderedEmail {
  const i18n = translator(EMAIL_CATALOGS, facts.locale);
  const prefix = facts.kind.toLowerCase();
  const values = {
    name: facts.learnerName,
    credential: facts.credentialName,
    context: facts.contextTitle,
    date: facts.expiresAt ? i18n.formatDate(facts.expiresAt) : '',
    reason: facts.reason ?? '',
  };
  const subject = i18n.t(`${prefix}.subject`, values);
  const paragraphs = [
    i18n.t('greeting', values),
    i18n.t(`${prefix}.body`, values),
    ...(facts.kind === 'REVOKED' && facts.reason ? [i18n.t('revoked.reason', values)] : []),
  ];
  const action = i18n.t(facts.kind === 'ISSUED' ? 'issued.action' : 'view.action');
  const footer = i18n.t('footer');
  const text = `${paragraphs.join('\n\n')}\n\n${action}: ${facts.verificationUrl}\n\n-- \n${footer}\n`;
  const url = escapeHtml(facts.verificationUrl);
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(i18n.locale)}" dir="${i18n.direction}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p><a href="${url}">${escapeHtml(action)}</a></p>`,
    `<p style="color: #666; font-size: smaller">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { locale: i18n.locale, subject, text, html };
}
