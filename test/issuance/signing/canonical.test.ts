import {
  canonicalCredentialData,
  stableStringify,
  type CanonicalCredentialInput,
} from '../../../src/modules/issuance/signing/canonical';

const sample: CanonicalCredentialInput = {
  verificationId: '3f0c1d9e-7a51-4c1e-9f0e-2b8d6f4a9c11',
  learnerName: 'Łucja Nowak-Ørsted 李雷',
  credentialName: 'Certificate of Achievement',
  contextId: 'course-v1:Org+Num+Run',
  contextTitle: 'Intro to "Quoted" Things',
  issuedAt: new Date('2026-11-23T10:15:30.123Z'),
  sha256: 'a'.repeat(64),
};

describe('canonicalCredentialData', () => {
  it('is sorted-key JSON with an ISO date and version 1', () => {
    const text = canonicalCredentialData(sample);
    expect(text).toBe(
      '{"contextId":"course-v1:Org+Num+Run","contextTitle":"Intro to \\"Quoted\\" Things",' +
        '"credentialName":"Certificate of Achievement","issuedAt":"2026-11-23T10:15:30.123Z",' +
        '"learnerName":"Łucja Nowak-Ørsted 李雷",' +
        `"sha256":"${'a'.repeat(64)}","v":1,` +
        '"verificationId":"3f0c1d9e-7a51-4c1e-9f0e-2b8d6f4a9c11"}',
    );
    expect(JSON.parse(text)).toEqual({
      ...sample,
      issuedAt: '2026-11-23T10:15:30.123Z',
      v: 1,
    });
  });

  it('does not depend on the order of the input keys', () => {
    const reversed = Object.fromEntries(
      Object.entries(sample).reverse(),
    ) as unknown as CanonicalCredentialInput;
    const shuffled: CanonicalCredentialInput = {
      sha256: sample.sha256,
      contextTitle: sample.contextTitle,
      issuedAt: sample.issuedAt,
      verificationId: sample.verificationId,
      credentialName: sample.credentialName,
      learnerName: sample.learnerName,
      contextId: sample.contextId,
    };
    const expected = canonicalCredentialData(sample);
    expect(canonicalCredentialData(reversed)).toBe(expected);
    expect(canonicalCredentialData(shuffled)).toBe(expected);
  });

  it('ignores fields beyond the canonical ones (an entity row can be passed)', () => {
    const row = { ...sample, id: 'private-id', status: 'AVAILABLE', attempts: 2 };
    expect(canonicalCredentialData(row)).toBe(canonicalCredentialData(sample));
  });

  it('depends only on the instant of issuedAt and on the hash, not on their spelling', () => {
    const sameInstant = new Date(Date.UTC(2026, 10, 23, 10, 15, 30, 123));
    expect(canonicalCredentialData({ ...sample, issuedAt: sameInstant })).toBe(
      canonicalCredentialData(sample),
    );
    expect(canonicalCredentialData({ ...sample, sha256: 'A'.repeat(64) })).toBe(
      canonicalCredentialData(sample),
    );
  });

  it('changes when any field changes', () => {
    const base = canonicalCredentialData(sample);
    const variants: Partial<CanonicalCredentialInput>[] = [
      { verificationId: '3f0c1d9e-7a51-4c1e-9f0e-2b8d6f4a9c12' },
      { learnerName: 'Lucja Nowak-Ørsted 李雷' },
      { credentialName: 'Certificate of Distinction' },
      { contextId: 'path-v1:Org+Num+Run+Group' },
      { contextTitle: 'Intro to Quoted Things' },
      { issuedAt: new Date('2026-11-23T10:15:30.124Z') },
      { sha256: 'b'.repeat(64) },
    ];
    for (const variant of variants) {
      expect(canonicalCredentialData({ ...sample, ...variant })).not.toBe(base);
    }
  });

  it('rejects invalid dates, malformed hashes and missing fields', () => {
    expect(() => canonicalCredentialData({ ...sample, issuedAt: new Date('nope') })).toThrow(
      /issuedAt/,
    );
    expect(() => canonicalCredentialData({ ...sample, sha256: 'abc' })).toThrow(/sha256/);
    expect(() => canonicalCredentialData({ ...sample, sha256: 'g'.repeat(64) })).toThrow(/sha256/);
    const { learnerName: _omitted, ...missing } = sample;
    expect(() => canonicalCredentialData(missing as CanonicalCredentialInput)).toThrow(
      /learnerName/,
    );
  });
});

describe('stableStringify', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(stableStringify({ b: [3, { z: 1, a: 2 }], a: null, c: 'x' })).toBe(
      '{"a":null,"b":[3,{"a":2,"z":1}],"c":"x"}',
    );
  });

  it('refuses non-finite numbers', () => {
    expect(() => stableStringify({ n: Number.NaN })).toThrow(/finite/);
  });
});
