import { renderVerificationPage } from '../../src/modules/verification/verify-page.html';
import {
  type VerificationResult,
  VerificationStatus,
} from '../../src/modules/verification/verification.status';

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;
const SPOOFED = 'Eve \u202eevil\u202c \u2067x';

function result(overrides: Partial<VerificationResult>): VerificationResult {
  return {
    status: VerificationStatus.VALID,
    learnerName: 'Zoë Ångström',
    credentialName: 'Certificate of Completion',
    contextTitle: 'Introduction to Cryptography',
    titleOverride: null,
    organizationName: null,
    organizationUrl: null,
    issuedAt: new Date('2026-11-23T15:30:00Z'),
    expiresAt: null,
    reason: null,
    sha256: 'ab'.repeat(32),
    signatureValid: true,
    downloadUrl: null,
    ...overrides,
  };
}

const page = (overrides: Partial<VerificationResult>) =>
  renderVerificationPage({
    result: result(overrides),
    verificationId: 'V7K2-9QXP-4M3T',
    nonce: 'n0nce',
    downloadHref: null,
  });

/** The markup of the element with this id up to its closing dd/p. */
const cell = (markup: string, id: string) =>
  new RegExp(`id="${id}"[^>]*>(.*?)</(dd|p)>`, 's').exec(markup)?.[1] ?? '';

describe('verification page: text from outside is isolated', () => {
  it('shows the name and titles in <bdi>, without their directional controls', () => {
    const markup = page({
      learnerName: SPOOFED,
      credentialName: `\u202bشهادة`,
      contextTitle: `Course \u2066one\u2069`,
    });
    expect(markup).not.toMatch(BIDI_CONTROLS);
    expect(cell(markup, 'learner-name')).toBe('<bdi dir="auto">Eve evil x</bdi>');
    expect(cell(markup, 'credential-name')).toBe('<bdi dir="auto">شهادة</bdi>');
    expect(cell(markup, 'context-title')).toBe('<bdi dir="auto">Course one</bdi>');
  });

  it('isolates the reason of a revoked credential', () => {
    const markup = page({
      status: VerificationStatus.REVOKED,
      learnerName: null,
      reason: `Misconduct \u202eesrever`,
    });
    expect(markup).not.toMatch(BIDI_CONTROLS);
    expect(markup).toContain('<bdi id="reason" dir="auto">Misconduct esrever</bdi>');
  });

  it('still escapes what it isolates', () => {
    const markup = page({ learnerName: '<b>x</b>' });
    expect(cell(markup, 'learner-name')).toBe('<bdi dir="auto">&lt;b&gt;x&lt;/b&gt;</bdi>');
  });
});
