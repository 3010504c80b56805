import { SUPPORTED_LOCALES } from '../../src/shared/i18n';
import { EmailKind } from '../../src/modules/notifications/email/email-kind';
import { EMAIL_CATALOGS } from '../../src/modules/notifications/email/catalogs';
import { renderEmail } from '../../src/modules/notifications/email/render-email';

const facts = {
  learnerName: 'Zoë <b>&</b>',
  credentialName: 'Data "Pro"',
  contextTitle: 'Stats & <Probability>',
  verificationUrl: 'https://laurel.example.org/verify/1?a=1&b=<2>',
  expiresAt: new Date('2027-03-01T00:00:00Z'),
  reason: 'It <was> wrong',
};

it('has every message in every supported locale', () => {
  const keys = Object.keys(EMAIL_CATALOGS.en).sort();
  for (const locale of SUPPORTED_LOCALES) {
    expect([locale, Object.keys(EMAIL_CATALOGS[locale] ?? {}).sort()]).toEqual([locale, keys]);
  }
});

it.each(
  SUPPORTED_LOCALES.flatMap((locale) => Object.values(EmailKind).map((kind) => [locale, kind])),
)('%s %s: names every value, escaped in the HTML', (locale, kind) => {
  const email = renderEmail({ ...facts, kind: kind as EmailKind, locale });
  expect(email.locale).toBe(locale);
  for (const part of [email.subject, email.text]) expect(part).toContain('Data "Pro"');
  expect(email.text).toContain(facts.learnerName);
  expect(email.text).toContain(facts.verificationUrl);
  if (kind === EmailKind.REVOKED) expect(email.text).toContain('It <was> wrong');
  expect(email.html).toContain('Zoë &#60;b&#62;&#38;&#60;/b&#62;');
  expect(email.html).toContain('href="https://laurel.example.org/verify/1?a=1&#38;b=&#60;2&#62;"');
  expect(email.html).not.toMatch(/<b>|<Probability>|<was>|"Pro"/);
  expect(email.html).toContain(`dir="${['ar', 'he'].includes(locale) ? 'rtl' : 'ltr'}"`);
});
