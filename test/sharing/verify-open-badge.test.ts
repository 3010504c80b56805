import { bakePng, bakeSvg } from '../../src/modules/openbadges/core';
import { SetCourseOrganizationProfileDocument } from '../operations/generated';
import { ok } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import {
  COURSE_ID,
  CONFIGURATION_NAME,
  CredentialSeeder,
  type SeededCredential,
} from '../verification/helpers';
import {
  expectLinkedInLink,
  type Json,
  openBadgeOf,
  postBadge,
  tampered,
  tinyPng,
  TINY_SVG,
} from './helpers';

/** `POST /verify/open-badge` over HTTP, and `Credential.linkedInAddToProfileUrl`. */
let app: TestApp;
let seeder: CredentialSeeder;
let issued: SeededCredential;
let badge: Json;

beforeAll(async () => {
  app = await startTestApp({ VERIFY_RATE_LIMIT: '100000' });
  seeder = new CredentialSeeder(app);
  await seeder.start();
  issued = await seeder.insert({ status: 'AVAILABLE', learnerName: 'Grace Hopper' });
  badge = await openBadgeOf(app, issued.id);
}, 60_000);
afterAll(async () => {
  await seeder?.stop();
  await app?.stop();
});

async function answer(response: Response): Promise<Json> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return (await response.json()) as Json;
}

describe('POST /verify/open-badge', () => {
  it.each([
    ['json', () => JSON.stringify(badge)],
    ['png', () => bakePng(tinyPng(), JSON.stringify(badge))],
    ['svg', () => bakeSvg(TINY_SVG, JSON.stringify(badge))],
  ] as const)(
    'verifies a credential handed in as %s, whatever the Content-Type says',
    async (format, body) => {
      const response = await postBadge(app, body(), 'text/plain');
      expect(response.status).toBe(200);
      const result = await answer(response);
      expect(result).toMatchObject({
        format,
        verified: true,
        signatureValid: true,
        expired: false,
        notYetValid: false,
        errors: [],
      });
      expect(result.issuer).toMatch(/^did:key:z6Mk/);
    },
  );

  it.each([
    ['json', (text: string) => text],
    ['png', (text: string) => bakePng(tinyPng(), text)],
  ] as const)('says a tampered credential (%s) does not verify', async (_format, wrap) => {
    const response = await postBadge(app, wrap(JSON.stringify(tampered(badge))));
    expect(response.status).toBe(200);
    const result = await answer(response);
    expect(result.verified).toBe(false);
    expect(result.signatureValid).toBe(false);
    expect((result.errors as string[]).length).toBeGreaterThan(0);
  });

  it('refuses a file over 1 MiB with 413 before verifying anything', async () => {
    const response = await postBadge(app, bakePng(tinyPng(), 'x'.repeat(1024 * 1024)));
    expect(response.status).toBe(413);
    const { error } = (await answer(response)) as { error: { code: string; message: string } };
    expect(error.message).toBe('The request body exceeds the limit of 1048576 bytes');
  });

  it('refuses a credential over the size limit of verifyOpenBadge with 413, in JSON or baked', async () => {
    const large = { ...badge, description: 'x'.repeat(300_000) };
    for (const body of [JSON.stringify(large), bakePng(tinyPng(), JSON.stringify(large))]) {
      const response = await postBadge(app, body);
      expect(response.status).toBe(413);
      const { error } = (await answer(response)) as { error: { code: string; message: string } };
      expect(error).toEqual({
        code: 'BAD_USER_INPUT',
        message: 'credential: must be at most 262144 characters of JSON',
      });
    }
  });

  it.each([
    [
      'random bytes',
      Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42]),
      /neither an Open Badges 3\.0 credential/,
    ],
    ['plain text', 'hello, world', /neither an Open Badges 3\.0 credential/],
    ['HTML', '<html><body>hi</body></html>', /neither an Open Badges 3\.0 credential/],
    ['broken JSON', '{"@context": [', /^The file is not valid JSON$/],
    ['an empty body', '', /^The file is empty$/],
    [
      'a PNG without a credential',
      tinyPng(),
      /^The PNG image carries no baked Open Badges credential$/,
    ],
    [
      'a truncated PNG',
      tinyPng().subarray(0, 40),
      /^The PNG image is unreadable: The PNG is truncated$/,
    ],
    [
      'an SVG without a credential',
      TINY_SVG,
      /^The SVG image carries no baked Open Badges credential$/,
    ],
    [
      'a PNG baking something else',
      bakePng(tinyPng(), 'not json'),
      /^The credential baked into the PNG image is not valid JSON$/,
    ],
  ])('answers 400 with a clear message for %s', async (_label, body, message) => {
    const response = await postBadge(app, body);
    expect(response.status).toBe(400);
    const { error } = (await answer(response)) as { error: { code: string; message: string } };
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(message);
  });

  it('refuses JSON nested deeper than any credential, here and through GraphQL, without failing', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const response = await postBadge(app, deep);
    expect(response.status).toBe(400);
    const { error } = (await answer(response)) as { error: { code: string; message: string } };
    expect(error.message).toBe('credential: must not nest deeper than 64 levels');

    // Written out by hand: JSON.stringify itself cannot nest this deep.
    const query = 'query($c: JSON!) { verifyOpenBadge(credential: $c) { verified } }';
    const nested = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const graphqlResponse = await fetch(app.laurel.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":${JSON.stringify(query)},"variables":{"c":{"a":${nested}}}}`,
    });
    const graphql = (await graphqlResponse.json()) as {
      errors?: { extensions?: { code?: string } }[];
    };
    expect(graphql.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers JSON that is no credential with the verifier’s words, not a failure', async () => {
    const response = await postBadge(app, '[1, 2, 3]');
    expect(response.status).toBe(200);
    expect(await answer(response)).toMatchObject({
      format: 'json',
      verified: false,
      errors: ['The credential must be a JSON object.'],
    });
  });
});

describe('rate limit shared with GraphQL verifyOpenBadge', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ VERIFY_RATE_LIMIT: '3' });
  });
  afterAll(() => limited?.stop());

  const verifyThroughGraphQL = () =>
    limited.raw({
      query: 'query($c: JSON!) { verifyOpenBadge(credential: $c) { verified } }',
      variables: { c: badge },
    });

  it('spends one budget for both: past it, each answers 429 / RATE_LIMITED', async () => {
    expect((await verifyThroughGraphQL()).errors).toBeUndefined();
    expect((await postBadge(limited, JSON.stringify(badge))).status).toBe(200);
    expect((await verifyThroughGraphQL()).errors).toBeUndefined();

    const refused = await postBadge(limited, JSON.stringify(badge));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const { error } = (await refused.json()) as { error: { code: string } };
    expect(error.code).toBe('RATE_LIMITED');
    const graphql = await verifyThroughGraphQL();
    expect(graphql.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('counts a request before reading its body', async () => {
    const response = await postBadge(limited, bakePng(tinyPng(), 'x'.repeat(2 * 1024 * 1024)));
    expect(response.status).toBe(429);
  });
});

describe('Credential.linkedInAddToProfileUrl', () => {
  const linkedIn = async (id: string, token: string | null) => {
    const response = await app.raw(
      {
        query: 'query($id: ID!) { credential(id: $id) { linkedInAddToProfileUrl } }',
        variables: { id },
      },
      token ? { authorization: `Bearer ${token}` } : {},
    );
    return response;
  };
  const learnerOf = async (credential: SeededCredential) => {
    const { rows } = await seeder.query('select learner_id from credential where id = $1', [
      credential.id,
    ]);
    return app.token({ subject: (rows[0] as { learner_id: string }).learner_id });
  };

  it('gives the learner the link with every field, the instance issuer name by default', async () => {
    const response = await linkedIn(issued.id, await learnerOf(issued));
    expect(response.errors).toBeUndefined();
    expectLinkedInLink(
      (response.data as { credential: { linkedInAddToProfileUrl: string } }).credential
        .linkedInAddToProfileUrl,
      app,
      issued.verificationId,
    );
  });

  it('names the effective organization and the title the certificate prints', async () => {
    const credential = await seeder.insert({ status: 'AVAILABLE' });
    await ok(
      app.gql(
        SetCourseOrganizationProfileDocument,
        { courseId: COURSE_ID, input: { name: 'Université & Co' } },
        app.adminToken,
      ),
    );
    await seeder.query(
      `update credential_configuration set title_override = 'Things 101' where course_id = $1`,
      [COURSE_ID],
    );
    try {
      const response = await linkedIn(credential.id, app.adminToken);
      const url = new URL(
        (response.data as { credential: { linkedInAddToProfileUrl: string } }).credential
          .linkedInAddToProfileUrl,
      );
      expect(url.searchParams.get('organizationName')).toBe('Université & Co');
      expect(url.searchParams.get('name')).toBe(`${CONFIGURATION_NAME}: Things 101`);
    } finally {
      await seeder.query(
        `update credential_configuration set title_override = null where course_id = $1`,
        [COURSE_ID],
      );
      await ok(
        app.gql(
          SetCourseOrganizationProfileDocument,
          { courseId: COURSE_ID, input: null },
          app.adminToken,
        ),
      );
    }
  });

  it('is null for a credential that is not AVAILABLE', async () => {
    const revoked = await seeder.insert({ status: 'REVOKED' });
    const response = await linkedIn(revoked.id, app.adminToken);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ credential: { linkedInAddToProfileUrl: null } });
  });

  it('is not shown to another learner', async () => {
    const stranger = await app.token({ subject: 'someone-else' });
    const response = await linkedIn(issued.id, stranger);
    expect(response.data).toEqual({ credential: null });
  });
});
