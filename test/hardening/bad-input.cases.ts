import { SignJWT, UnsecuredJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { TEST_SECRET } from '../support/app';
import { courseInput } from '../support/fixtures';

/** The bad-input sweep's table: each request and the error it must get (bad-input.test.ts). */

export const C = 'course-v1:Sweep+C1+2026';
export const MAX_BATCH_FACTS = 50;
export const XSS = `<script>alert('x')</script><img src=x onerror="alert(1)">`;
export const SQL = `'; drop table credential; --`;

export interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

export interface SweepContext {
  post(body: string, headers?: Record<string, string>): Promise<Answer>;
  gql(query: string, variables?: unknown, token?: string | null): Promise<Answer>;
  adminToken: string;
  learnerToken: string;
  credentialId: string;
  configurationId: string;
}

export type Expected = { status: number; code: string; field?: string };

export const M = {
  course: `mutation ($input: CourseInput!) { upsertCourse(input: $input) { id } }`,
  learner: `mutation ($input: LearnerInput!) { upsertLearner(input: $input) { id } }`,
  path: `mutation ($input: LearningPathInput!) { upsertLearningPath(input: $input) { id } }`,
  config: `mutation ($input: CredentialConfigurationInput!) { createCredentialConfiguration(input: $input) { id } }`,
  update: `mutation ($id: ID!, $input: CredentialConfigurationPatch!) { updateCredentialConfiguration(id: $id, input: $input) { id } }`,
  progress: `mutation ($input: ProgressBatchInput!) { recordProgress(input: $input) { accepted } }`,
  issue: `mutation ($c: ID!, $l: ID!) { issueCredential(configurationId: $c, learnerId: $l) { id } }`,
  revoke: `mutation ($id: ID!, $reason: String!) { revokeCredential(id: $id, reason: $reason) { id } }`,
  reissue: `mutation ($id: ID!, $reason: String!) { reissueCredential(id: $id, reason: $reason) { id } }`,
  retry: `mutation ($id: ID!) { retryCredential(id: $id) { id } }`,
};

const NOW = new Date().toISOString();
const completion = (over: Record<string, unknown> = {}) => ({
  completions: [
    {
      learnerId: 'sweep-learner',
      courseId: C,
      blockId: `${C}/block-0`,
      completion: 0.5,
      occurredAt: NOW,
      ...over,
    },
  ],
});
const course = (over: Record<string, unknown>) => ({ input: { ...courseInput(C), ...over } });
const config = (over: Record<string, unknown>) => ({
  input: {
    name: 'Sweep 2',
    courseId: C,
    requirements: [{ kind: 'COMPLETION', min: 0.5 }],
    ...over,
  },
});
const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nested(depth - 1) });
/** courses › edges › node, then learningPaths › steps down to `depth` levels. */
const deepQuery = (depth: number) => {
  const pairs = Math.ceil((depth - 4) / 2);
  return `{ courses { edges { node { ${'learningPaths { steps { '.repeat(pairs)}id${' } }'.repeat(pairs)} } } } }`;
};
const secret = new TextEncoder().encode(TEST_SECRET);
const adminClaims = { sub: 'mallory', administrator: true };

const bad = (code: string, field?: string, status = 200): Expected => ({ status, code, field });
const INPUT = (field?: string) => bad('BAD_USER_INPUT', field);
/** GraphQL's own variable coercion: BAD_USER_INPUT with HTTP 400, before any resolver. */
const COERCION = bad('BAD_USER_INPUT', undefined, 400);

export function badInputCases(ctx: SweepContext): [string, () => Promise<Answer>, Expected][] {
  // Ids and tokens are read when a case runs (they exist only once the app is set up).
  const { post, gql } = ctx;
  return [
    // wrong types
    ['course title as a number', () => gql(M.course, course({ title: 42 })), COERCION],
    ['blocks as a string', () => gql(M.course, course({ blocks: 'all of them' })), COERCION],
    [
      'completion as a string',
      () => gql(M.progress, { input: completion({ completion: 'half' }) }),
      COERCION,
    ],
    [
      'occurredAt that is no date',
      () => gql(M.progress, { input: completion({ occurredAt: 'yesterday' }) }),
      COERCION,
    ],
    ['tier 1.5', () => gql(M.config, config({ tier: 1.5 })), COERCION],
    ['tier beyond 32 bits', () => gql(M.config, config({ tier: 2 ** 40 })), COERCION],
    [
      'an unknown requirement kind',
      () => gql(M.config, config({ requirements: [{ kind: 'PLATINUM', min: 1 }] })),
      COERCION,
    ],
    ['requirements null', () => gql(M.config, config({ requirements: null })), COERCION],
    ['learner without a name', () => gql(M.learner, { input: { id: 'x' } }), COERCION],
    ['template that is a number', () => gql(M.config, config({ template: 7 })), INPUT('template')],
    [
      'variables as an array',
      () => post(JSON.stringify({ query: M.retry, variables: [1] })),
      bad('BAD_REQUEST', undefined, 400),
    ],
    [
      'query as a number',
      () => post(JSON.stringify({ query: 12 })),
      bad('BAD_REQUEST', undefined, 400),
    ],
    [
      'no query at all',
      () => post(JSON.stringify({ variables: {} })),
      bad('BAD_REQUEST', undefined, 400),
    ],
    [
      'a body that is no JSON',
      () => post('{"query": "{ __typename }"'),
      bad('BAD_REQUEST', undefined, 400),
    ],
    [
      'a syntax error',
      () => gql('mutation { upsertLearner(input: { id: "x" '),
      bad('GRAPHQL_PARSE_FAILED', undefined, 400),
    ],
    [
      'an unknown field',
      () => gql('{ learners { email } }'),
      bad('GRAPHQL_VALIDATION_FAILED', undefined, 400),
    ],
    // huge strings
    [
      'a 30,000-character course title',
      () => gql(M.course, course({ title: 'x'.repeat(30_000) })),
      INPUT('title'),
    ],
    [
      'a 20,000-character learner name',
      () => gql(M.learner, { input: { id: 'l', name: 'n'.repeat(20_000) } }),
      INPUT('name'),
    ],
    [
      'a 10,000-character course id',
      () => gql(M.course, course({ id: 'c'.repeat(10_000) })),
      INPUT('id'),
    ],
    [
      'a 5,000-character revocation reason',
      () => gql(M.revoke, { id: ctx.credentialId, reason: 'r'.repeat(5000) }),
      INPUT('reason'),
    ],
    [
      'an empty revocation reason',
      () => gql(M.revoke, { id: ctx.credentialId, reason: '   ' }),
      INPUT('reason'),
    ],
    [
      'a 2,000-character configuration name',
      () => gql(M.config, config({ name: 'n'.repeat(2000) })),
      INPUT('name'),
    ],
    [
      'a malformed e-mail',
      () => gql(M.learner, { input: { id: 'l', name: 'L', email: 'not-an-email' } }),
      INPUT('email'),
    ],
    // deep nesting
    ['a query 50 levels deep', () => gql(deepQuery(50)), bad('BAD_USER_INPUT', undefined, 400)],
    [
      'a template nested 2,000 levels',
      () => gql(M.config, config({ template: nested(2000) })),
      INPUT('template.a'),
    ],
    [
      'a template with unknown elements',
      () => gql(M.config, config({ template: { elements: { signature: {} } } })),
      INPUT(),
    ],
    // negative, NaN and out-of-range numbers
    [
      'completion −0.5',
      () => gql(M.progress, { input: completion({ completion: -0.5 }) }),
      INPUT(),
    ],
    ['completion 1.5', () => gql(M.progress, { input: completion({ completion: 1.5 }) }), INPUT()],
    [
      'earned −1',
      () =>
        gql(M.progress, {
          input: {
            scores: [
              {
                learnerId: 'sweep-learner',
                courseId: C,
                itemId: `${C}/exam-1`,
                earned: -1,
                occurredAt: NOW,
              },
            ],
          },
        }),
      INPUT(),
    ],
    [
      'requirement min −0.1',
      () => gql(M.config, config({ requirements: [{ kind: 'COMPLETION', min: -0.1 }] })),
      INPUT(),
    ],
    [
      'requirement min 2',
      () => gql(M.config, config({ requirements: [{ kind: 'GRADE', min: 2 }] })),
      INPUT(),
    ],
    [
      'policy weight −0.3',
      () =>
        gql(M.course, course({ gradingPolicy: [{ assignmentType: 'Homework', weight: -0.3 }] })),
      INPUT(),
    ],
    [
      'policy weights summing above 1',
      () =>
        gql(
          M.course,
          course({
            gradingPolicy: [
              { assignmentType: 'Homework', weight: 0.7 },
              { assignmentType: 'Exam', weight: 0.7 },
            ],
          }),
        ),
      INPUT(),
    ],
    [
      'possible points −10',
      () =>
        gql(
          M.course,
          course({ gradedItems: [{ id: 'g', assignmentType: 'Homework', possiblePoints: -10 }] }),
        ),
      INPUT(),
    ],
    ['tier −1', () => gql(M.config, config({ tier: -1 })), INPUT('tier')],
    ['first: −1', () => gql('{ courses(first: -1) { totalCount } }'), INPUT('first')],
    [
      'first beyond MAX_PAGE_SIZE',
      () => gql('{ courses(first: 100000) { totalCount } }'),
      bad('BAD_USER_INPUT', undefined, 400),
    ],
    [
      'completion "NaN"',
      () => gql(M.progress, { input: completion({ completion: 'NaN' }) }),
      COERCION,
    ],
    [
      'completion 1e400 (Infinity once parsed)',
      () =>
        post(
          `{"query": ${JSON.stringify(M.progress)}, "variables": {"input": {"completions": [{"learnerId": "a", "courseId": "${C}", "blockId": "b", "completion": 1e400, "occurredAt": "${NOW}"}]}}}`,
          { authorization: `Bearer ${ctx.adminToken}` },
        ),
      COERCION,
    ],
    [
      'an occurredAt far in the future',
      () => gql(M.progress, { input: completion({ occurredAt: '2999-01-01T00:00:00Z' }) }),
      INPUT(),
    ],
    // unknown ids
    [
      'update of an unknown configuration',
      () => gql(M.update, { id: randomUUID(), input: { name: 'X' } }),
      bad('NOT_FOUND'),
    ],
    [
      'update with an id that is no UUID',
      () => gql(M.update, { id: 'nope', input: { name: 'X' } }),
      bad('NOT_FOUND'),
    ],
    [
      'issue on an unknown configuration',
      () => gql(M.issue, { c: randomUUID(), l: 'sweep-learner' }),
      bad('NOT_FOUND'),
    ],
    [
      'issue to an unknown learner',
      () => gql(M.issue, { c: ctx.configurationId, l: 'nobody' }),
      bad('NOT_FOUND'),
    ],
    [
      'revoke of an unknown credential',
      () => gql(M.revoke, { id: randomUUID(), reason: 'fraud' }),
      bad('NOT_FOUND'),
    ],
    ['retry of an unknown credential', () => gql(M.retry, { id: randomUUID() }), bad('NOT_FOUND')],
    [
      'progress in an unknown course',
      () => gql(M.progress, { input: completion({ courseId: 'course-v1:No+Such+Course' }) }),
      INPUT(),
    ],
    [
      'progress on an unknown block',
      () => gql(M.progress, { input: completion({ blockId: 'no-such-block' }) }),
      INPUT(),
    ],
    [
      'a path over an unknown course',
      () =>
        gql(M.path, {
          input: { id: 'path-v1:S+P+1+A', title: 'P', steps: ['course-v1:Nope+N+1'] },
        }),
      INPUT(),
    ],
    [
      'a configuration on an unknown course',
      () => gql(M.config, config({ courseId: 'course-v1:Nope+N+1' })),
      INPUT('courseId'),
    ],
    // SQL and HTML injection in names, ids and reasons
    [
      'SQL in a revocation reason of an unknown credential',
      () => gql(M.revoke, { id: randomUUID(), reason: SQL }),
      bad('NOT_FOUND'),
    ],
    [
      'HTML in a re-issue reason of an unknown credential',
      () => gql(M.reissue, { id: randomUUID(), reason: XSS }),
      bad('NOT_FOUND'),
    ],
    ['SQL as a credential id', () => gql(M.retry, { id: `' or '1'='1` }), bad('NOT_FOUND')],
    [
      'SQL as a learner id of progress in an unknown course',
      () => gql(M.progress, { input: completion({ learnerId: SQL, courseId: SQL }) }),
      INPUT(),
    ],
    [
      'HTML as a learner name from a learner token',
      () => gql(M.learner, { input: { id: 'x', name: XSS } }, ctx.learnerToken),
      bad('FORBIDDEN'),
    ],
    [
      'HTML in a configuration name with a bad requirement',
      () => gql(M.config, config({ name: XSS, requirements: [] })),
      INPUT(),
    ],
    [
      'SQL in a course id with an HTML title and a bad language',
      () => gql(M.course, course({ id: SQL, title: XSS, language: '<b>' })),
      INPUT('id'),
    ],
    // text PostgreSQL cannot store: refused before any SQL, naming the field
    [
      'NUL in a learner name',
      () => gql(M.learner, { input: { id: 'x', name: 'a\u0000b' } }),
      bad('BAD_USER_INPUT', 'name', 400),
    ],
    [
      'a lone surrogate in a configuration name',
      () => gql(M.config, config({ name: 'Sweep \ud83d' })),
      bad('BAD_USER_INPUT', 'name', 400),
    ],
    [
      'NUL in a template key (jsonb)',
      () => gql(M.config, config({ template: { 'ti\u0000tle': 'x' } })),
      bad('BAD_USER_INPUT', 'template.ti\u0000tle', 400),
    ],
    [
      'NUL in a revocation reason',
      () => gql(M.revoke, { id: ctx.credentialId, reason: 'fraud\u0000' }),
      bad('BAD_USER_INPUT', 'reason', 400),
    ],
    [
      'NUL in a progress learner id',
      () => gql(M.progress, { input: completion({ learnerId: 'sweep\u0000learner' }) }),
      bad('BAD_USER_INPUT', 'completions[0].learnerId', 400),
    ],
    [
      'NUL in a learner name literal',
      () => gql(`mutation { upsertLearner(input: { id: "x", name: "a\\u0000b" }) { id } }`),
      bad('BAD_USER_INPUT', 'name', 400),
    ],
    // oversized batches
    [
      `a progress list of ${MAX_BATCH_FACTS + 1} facts (refused before it runs)`,
      () =>
        gql(M.progress, {
          input: {
            completions: Array.from(
              { length: MAX_BATCH_FACTS + 1 },
              () => completion().completions[0],
            ),
          },
        }),
      bad('BAD_USER_INPUT', 'ProgressBatchInput.completions', 400),
    ],
    [
      `a progress batch of ${MAX_BATCH_FACTS + 2} facts over two lists`,
      () =>
        gql(M.progress, {
          input: {
            completions: Array.from(
              { length: MAX_BATCH_FACTS / 2 + 1 },
              () => completion().completions[0],
            ),
            enrollments: Array.from({ length: MAX_BATCH_FACTS / 2 + 1 }, () => ({
              learnerId: 'sweep-learner',
              courseId: C,
              active: true,
              occurredAt: NOW,
            })),
          },
        }),
      INPUT(),
    ],
    [
      'a batch of 11 operations',
      () => post(JSON.stringify(Array.from({ length: 11 }, () => ({ query: '{ __typename }' })))),
      bad('BAD_USER_INPUT', undefined, 400),
    ],
    [
      'a body over MAX_BODY_BYTES',
      () =>
        post(
          JSON.stringify({
            query: M.learner,
            variables: { input: { id: 'x', name: 'y'.repeat(70_000) } },
          }),
        ),
      bad('BAD_USER_INPUT', undefined, 413),
    ],
    [
      '101 aliases',
      () => gql(`{ ${Array.from({ length: 101 }, (_, i) => `a${i}: __typename`).join(' ')} }`),
      bad('BAD_USER_INPUT', undefined, 400),
    ],
    // forged, expired and unsigned tokens
    [
      'an admin token signed with another secret',
      async () =>
        gql(
          M.learner,
          { input: { id: 'm', name: 'M' } },
          await new SignJWT(adminClaims)
            .setProtectedHeader({ alg: 'HS256' })
            .setExpirationTime('1h')
            .sign(new TextEncoder().encode('x'.repeat(48))),
        ),
      bad('UNAUTHENTICATED', undefined, 401),
    ],
    [
      'an expired admin token',
      async () =>
        gql(
          M.learner,
          { input: { id: 'm', name: 'M' } },
          await new SignJWT({ ...adminClaims, exp: 1_700_000_000 })
            .setProtectedHeader({ alg: 'HS256' })
            .sign(secret),
        ),
      bad('UNAUTHENTICATED', undefined, 401),
    ],
    [
      'an alg "none" admin token',
      () =>
        gql(
          M.learner,
          { input: { id: 'm', name: 'M' } },
          new UnsecuredJWT(adminClaims).setExpirationTime('1h').encode(),
        ),
      bad('UNAUTHENTICATED', undefined, 401),
    ],
    [
      'a learner token with its payload swapped for an admin one',
      async () => {
        const [header, , signature] = ctx.learnerToken.split('.');
        const payload = Buffer.from(
          JSON.stringify({ ...adminClaims, exp: 9_999_999_999 }),
        ).toString('base64url');
        return gql(
          M.learner,
          { input: { id: 'm', name: 'M' } },
          `${header}.${payload}.${signature}`,
        );
      },
      bad('UNAUTHENTICATED', undefined, 401),
    ],
    [
      'no token on a mutation',
      () => gql(M.learner, { input: { id: 'm', name: 'M' } }, null),
      bad('UNAUTHENTICATED'),
    ],
    [
      'a learner token on an admin mutation',
      () => gql(M.revoke, { id: ctx.credentialId, reason: 'because' }, ctx.learnerToken),
      bad('FORBIDDEN'),
    ],
  ];
}
