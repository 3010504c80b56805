import {
  criteriaNarrative,
  didKeyDocument,
  didWebDocumentPath,
  didWebOf,
  isLocalUrl,
  issuerDid,
} from '../../src/modules/openbadges/core';

const KEY = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';

describe('issuer identifiers', () => {
  it.each([
    ['https://badges.example.org', 'did:web:badges.example.org', '/.well-known/did.json'],
    ['https://example.org:8443', 'did:web:example.org%3A8443', '/.well-known/did.json'],
    ['https://example.org/laurel', 'did:web:example.org:laurel', '/laurel/did.json'],
    ['https://example.org/a/b/', 'did:web:example.org:a:b', '/a/b/did.json'],
  ])('%s is %s, its document at %s', (url, did, documentPath) => {
    expect(isLocalUrl(url)).toBe(false);
    expect(didWebOf(url)).toBe(did);
    expect(issuerDid(url, KEY)).toBe(did);
    expect(didWebDocumentPath(url)).toBe(documentPath);
  });

  it.each([
    'http://localhost:4000',
    'https://localhost',
    'https://127.0.0.1:8443',
    'https://[::1]',
    'https://laurel.localhost',
    'http://badges.example.org',
  ])('%s gets a did:key', (url) => {
    expect(isLocalUrl(url)).toBe(true);
    expect(issuerDid(url, KEY)).toBe(`did:key:${KEY}`);
  });

  it('resolves Ed25519 did:keys only', () => {
    expect(didKeyDocument(`did:key:${KEY}`)).toMatchObject({
      id: `did:key:${KEY}`,
      assertionMethod: [`did:key:${KEY}#${KEY}`],
      verificationMethod: [{ type: 'Multikey', publicKeyMultibase: KEY }],
    });
    expect(didKeyDocument(`did:key:${KEY.slice(0, -2)}`)).toBeNull();
    expect(didKeyDocument(`did:key:${KEY}0`)).toBeNull();
    // A P-256 key (zDn…) is a valid did:key but not one Laurel verifies with.
    expect(didKeyDocument('did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169')).toBeNull();
    expect(didKeyDocument('did:key:')).toBeNull();
  });
});

describe('criteria in plain words', () => {
  it('says each requirement', () => {
    expect(
      criteriaNarrative('Introduction to Rust', [
        { kind: 'COMPLETION', min: 0.8 },
        { kind: 'GRADE', min: 0.705 },
        { kind: 'ASSIGNMENT_GRADE', min: 0.5, assignmentType: 'Homework' },
        { kind: 'COMPLETION', min: 1, includeOptional: true },
      ]),
    ).toBe(
      'Earned in Introduction to Rust. Complete at least 80% of the required content. ' +
        'Reach an overall grade of at least 70.5%. Reach at least 50% in the Homework assignments. ' +
        'Complete at least 100% of the content, optional parts included.',
    );
  });

  it('names the courses of a path with their own requirements', () => {
    expect(
      criteriaNarrative(
        'Rust path',
        [{ kind: 'COMPLETION', min: 1 }],
        [{ courseId: 'course-v1:X+Y+Z', requirements: [{ kind: 'GRADE', min: 0.6 }] }],
      ),
    ).toBe(
      'Earned in Rust path. Complete at least 100% of the required content. ' +
        'For the course course-v1:X+Y+Z: Reach an overall grade of at least 60%.',
    );
    expect(criteriaNarrative('Open day', [])).toBe(
      'Earned in Open day. No requirement beyond taking part.',
    );
  });
});
