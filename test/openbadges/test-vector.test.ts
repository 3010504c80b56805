/**
 * The eddsa-rdfc-2022 test vector of the Open Badges 3.0 specification, reproduced by
 * Laurel's signing code bit for bit.
 *
 * Source: https://github.com/1EdTech/openbadges-specification at commit
 * 1af145ff2dc6e22627e79eb5d0f9afca06ea2489: `ob_v3p0/impl/linked-data-proof-ob.html`
 * (key pair, credential, proof options, hashes, proofValue) and
 * `ob_v3p0/impl/test-vectors/obv3p0/{document,proof}-canon.txt` (copied beside this test).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  canonicalNQuads,
  createDocumentLoader,
  issuerKeyFromSeed,
  signOpenBadge,
} from '../../src/modules/openbadges/core';

const PRIVATE_KEY_HEX =
  '6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4' +
  '4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5';
const PUBLIC_KEY_MULTIBASE = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
const ISSUER = 'https://example.edu/issuers/565049';
const CREATED = '2010-01-01T19:23:24Z';
const DOCUMENT_HASH = '87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773';
const PROOF_HASH = 'd34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19';
const PROOF_VALUE =
  'z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr';

const credential = {
  '@context': [
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ],
  id: 'http://example.com/credentials/3527',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: {
    id: ISSUER,
    type: ['Profile'],
    url: 'https://www.imsglobal.org',
    name: 'Example Corp',
  },
  validFrom: '2010-01-01T00:00:00Z',
  name: 'Teamwork Badge',
  credentialSubject: {
    id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
    type: ['AchievementSubject'],
    achievement: {
      id: 'https://example.com/achievements/21st-century-skills/teamwork',
      type: ['Achievement'],
      criteria: {
        narrative:
          'Team members are nominated for this badge by their peers and recognized upon review by Example Corp management.',
      },
      description:
        'This badge recognizes the development of the capacity to collaborate within a group environment.',
      name: 'Teamwork',
    },
  },
};

const vector = (name: string) => readFileSync(path.join(__dirname, 'vectors', name), 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('the OB 3.0 eddsa-rdfc-2022 test vector', () => {
  const loader = createDocumentLoader();
  const key = issuerKeyFromSeed(Buffer.from(PRIVATE_KEY_HEX.slice(0, 64), 'hex'));

  it('derives the Multikey of the published key pair', () => {
    expect(key.publicKeyMultibase).toBe(PUBLIC_KEY_MULTIBASE);
  });

  it('canonicalizes the document and the proof options to the published N-Quads', async () => {
    const document = await canonicalNQuads(credential, loader);
    expect(document).toBe(vector('obv3p0-document-canon.txt'));
    expect(sha256(document)).toBe(DOCUMENT_HASH);

    const proof = await canonicalNQuads(
      {
        '@context': credential['@context'],
        type: 'DataIntegrityProof',
        created: CREATED,
        verificationMethod: `${ISSUER}#${PUBLIC_KEY_MULTIBASE}`,
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
      },
      loader,
    );
    expect(proof).toBe(vector('obv3p0-proof-canon.txt'));
    expect(sha256(proof)).toBe(PROOF_HASH);
  });

  it('signs to the published proof', async () => {
    const signed = await signOpenBadge(credential, key, ISSUER, loader, new Date(CREATED));
    expect(signed.proof).toEqual({
      type: 'DataIntegrityProof',
      created: CREATED,
      verificationMethod: `${ISSUER}#${PUBLIC_KEY_MULTIBASE}`,
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      proofValue: PROOF_VALUE,
    });
  });
});
