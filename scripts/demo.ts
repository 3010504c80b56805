/**
 * `npm run demo`: a two-minute tour. Starts Laurel on the embedded defaults (data under
 * ./.laurel-demo, or LAUREL_HOME; a free port), creates two courses, a course credential in
 * two tiers (Completion, Distinction) and a two-course learning path with its own
 * certificate, records progress for three learners, waits for the PDFs, prints each
 * learner's progress, the PDF files and the verification links, and stops.
 */
import 'reflect-metadata';
import path from 'node:path';
import { startLaurel } from '../src/app';
import { loadConfig } from '../src/config';
import { issueToken } from '../src/server/auth/issue-token';
import { resolveJwtSecret } from '../src/server/auth/local-secret';
import { createLogger } from '../src/shared/logger';

const COURSE_A = 'course-v1:Demo+CS101+2026';
const COURSE_B = 'course-v1:Demo+CS102+2026';
const PATH = 'path-v1:Demo+CS+2026+track';
const LEARNERS = [
  { id: 'ada', name: 'Ada Lovelace' },
  { id: 'grace', name: 'Grace Hopper' },
  { id: 'lukasz', name: 'Łukasz Żółkiewski' },
];

type Gql = <T>(query: string, variables?: object, token?: string) => Promise<T>;

function client(url: string): Gql {
  return async <T>(query: string, variables: object = {}, token?: string): Promise<T> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data as T;
  };
}

const course = (id: string, title: string) => ({
  id,
  title,
  gradingPolicy: [
    { assignmentType: 'Homework', weight: 0.4 },
    { assignmentType: 'Exam', weight: 0.6 },
  ],
  blocks: [1, 2, 3, 4].map((n) => ({ id: `${id}/unit-${n}` })),
  gradedItems: [
    { id: `${id}/homework`, assignmentType: 'Homework', possiblePoints: 10 },
    { id: `${id}/exam`, assignmentType: 'Exam', possiblePoints: 100 },
  ],
});

/** Completes `units` of the four units of a course and scores homework and exam. */
function facts(learnerId: string, courseId: string, units: number, homework: number, exam: number) {
  const occurredAt = new Date().toISOString();
  return {
    completions: [1, 2, 3, 4].map((n) => ({
      learnerId,
      courseId,
      blockId: `${courseId}/unit-${n}`,
      completion: n <= units ? 1 : 0,
      occurredAt,
    })),
    scores: [
      { learnerId, courseId, itemId: `${courseId}/homework`, earned: homework, occurredAt },
      { learnerId, courseId, itemId: `${courseId}/exam`, earned: exam, occurredAt },
    ],
  };
}

async function configuration(
  gql: Gql,
  token: string,
  context: { courseId?: string; learningPathId?: string },
  name: string,
  tier: number,
  requirements: object[],
): Promise<string> {
  const existing = context.courseId
    ? await gql<{ course: { credentialConfigurations: { id: string; name: string }[] } | null }>(
        `query ($id: ID!) { course(id: $id) { credentialConfigurations { id name } } }`,
        { id: context.courseId },
        token,
      ).then((d) => d.course?.credentialConfigurations ?? [])
    : await gql<{
        learningPath: { credentialConfigurations: { id: string; name: string }[] } | null;
      }>(
        `query ($id: ID!) { learningPath(id: $id) { credentialConfigurations { id name } } }`,
        { id: context.learningPathId },
        token,
      ).then((d) => d.learningPath?.credentialConfigurations ?? []);
  const found = existing.find((c) => c.name === name);
  if (found) return found.id;
  const created = await gql<{ createCredentialConfiguration: { id: string } }>(
    `mutation ($input: CredentialConfigurationInput!) { createCredentialConfiguration(input: $input) { id } }`,
    { input: { name, tier, requirements, ...context } },
    token,
  );
  return created.createCredentialConfiguration.id;
}

interface CredentialRow {
  id: string;
  learnerId: string;
  learnerName: string;
  status: string;
  verificationUrl: string;
  verificationId: string;
  configuration: { name: string };
}

async function main(): Promise<void> {
  const home = path.resolve(process.env.LAUREL_HOME ?? '.laurel-demo');
  // The links point where `npm start` serves this data afterwards (PORT, PUBLIC_URL); the
  // demo itself answers on a free port, so that it never collides with a running server.
  const served = loadConfig({ ...process.env, LAUREL_HOME: home });
  const config = loadConfig({
    ...process.env,
    LAUREL_HOME: home,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    PUBLIC_URL: served.publicUrl,
  });
  console.log(`Starting Laurel with its data in ${home} …`);
  const laurel = await startLaurel(config, createLogger(config.logLevel));
  try {
    const site = laurel.url.replace(/\/graphql$/, '');
    console.log(
      `Laurel is up at ${laurel.url} (database: ${laurel.embeddedDatabase ? 'embedded' : 'external'})\n`,
    );
    const secret = await resolveJwtSecret(config);
    if (!secret) throw new Error('the demo needs a local secret (unset AUTH_JWKS_URL)');
    const admin = await issueToken(secret, { subject: 'demo-admin', admin: true });
    const ingest = await issueToken(secret, { subject: 'demo-platform', ingest: true });
    const gql = client(laurel.url);

    for (const [id, title] of [
      [COURSE_A, 'Intro to Computer Science'],
      [COURSE_B, 'Data Structures'],
    ] as const) {
      await gql(
        `mutation ($input: CourseInput!) { upsertCourse(input: $input) { id } }`,
        { input: course(id, title) },
        admin,
      );
    }
    await gql(
      `mutation ($input: LearningPathInput!) { upsertLearningPath(input: $input) { id } }`,
      { input: { id: PATH, title: 'Computer Science Track', steps: [COURSE_A, COURSE_B] } },
      admin,
    );
    await configuration(gql, admin, { courseId: COURSE_A }, 'Certificate of Completion', 0, [
      { kind: 'COMPLETION', min: 0.75 },
    ]);
    await configuration(gql, admin, { courseId: COURSE_A }, 'Certificate of Distinction', 1, [
      { kind: 'COMPLETION', min: 1 },
      { kind: 'GRADE', min: 0.9 },
    ]);
    await configuration(
      gql,
      admin,
      { learningPathId: PATH },
      'Computer Science Track Certificate',
      0,
      [{ kind: 'COMPLETION', min: 0.75 }],
    );
    console.log(
      'Created 2 courses, a 2-course learning path and 3 credentials (2 tiers on CS101, 1 on the path).',
    );

    for (const learner of LEARNERS) {
      await gql(
        `mutation ($input: LearnerInput!) { upsertLearner(input: $input) { id } }`,
        { input: learner },
        ingest,
      );
    }
    const now = new Date().toISOString();
    const enroll = (learnerId: string, where: object) => ({
      learnerId,
      active: true,
      occurredAt: now,
      ...where,
    });
    const batches = [
      // Ada: everything, top marks. Grace: CS101 done with average marks. Łukasz: half of CS101.
      { learner: 'ada', a: facts('ada', COURSE_A, 4, 10, 95), b: facts('ada', COURSE_B, 4, 9, 88) },
      {
        learner: 'grace',
        a: facts('grace', COURSE_A, 4, 6, 70),
        b: facts('grace', COURSE_B, 1, 0, 0),
      },
      { learner: 'lukasz', a: facts('lukasz', COURSE_A, 2, 5, 0), b: null },
    ];
    for (const { learner, a, b } of batches) {
      await gql(
        `mutation ($input: ProgressBatchInput!) { recordProgress(input: $input) { accepted } }`,
        {
          input: {
            enrollments: [
              enroll(learner, { courseId: COURSE_A }),
              enroll(learner, { courseId: COURSE_B }),
              enroll(learner, { learningPathId: PATH }),
            ],
            completions: [...a.completions, ...(b?.completions ?? [])],
            scores: [...a.scores, ...(b?.scores ?? [])],
          },
        },
        ingest,
      );
    }
    console.log('Recorded enrollments, completions and scores for Ada, Grace and Łukasz.\n');

    for (const learner of LEARNERS) {
      const token = await issueToken(secret, { subject: learner.id });
      console.log(`${learner.name}:`);
      for (const context of [{ courseId: COURSE_A }, { learningPathId: PATH }]) {
        const { learnerProgress } = await gql<{
          learnerProgress: {
            configuration: { name: string };
            eligible: boolean;
            progress: number;
          }[];
        }>(
          `query ($courseId: ID, $learningPathId: ID) { learnerProgress(courseId: $courseId, learningPathId: $learningPathId) {
             configuration { name } eligible progress } }`,
          context,
          token,
        );
        for (const p of learnerProgress) {
          console.log(
            `  ${p.configuration.name.padEnd(36)} ${(p.progress * 100).toFixed(0).padStart(3)} %  ${p.eligible ? 'earned' : 'not yet'}`,
          );
        }
      }
    }

    // Ada: Completion, Distinction and the path; Grace: Completion.
    const expected = 4;
    const deadline = Date.now() + 90_000;
    let credentials: CredentialRow[] = [];
    for (;;) {
      const data = await gql<{ credentials: { edges: { node: CredentialRow }[] } }>(
        `{ credentials(first: 100) { edges { node { id learnerId learnerName status verificationId verificationUrl configuration { name } } } } }`,
        {},
        admin,
      );
      credentials = data.credentials.edges
        .map((e) => e.node)
        .filter((c) => c.status === 'AVAILABLE');
      if (credentials.length >= expected) break;
      if (Date.now() > deadline)
        throw new Error(
          `only ${credentials.length} of ${expected} credentials were issued in time`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    console.log(`\nIssued ${credentials.length} credentials:`);
    const root = config.storage.driver === 'local' ? config.storage.root : null;
    for (const c of credentials.sort((x, y) => x.learnerName.localeCompare(y.learnerName))) {
      const verified = await gql<{
        verifyCredential: { status: string; signatureValid: boolean | null };
      }>(`query ($id: ID!) { verifyCredential(verificationId: $id) { status signatureValid } }`, {
        id: c.verificationId,
      });
      console.log(`  ${c.learnerName} — ${c.configuration.name}`);
      console.log(
        `    PDF:    ${root ? path.join(root, 'credentials', `${c.id}.pdf`) : `s3 credentials/${c.id}.pdf`}`,
      );
      console.log(
        `    verify: ${c.verificationUrl}  (${verified.verifyCredential.status}, signature ${verified.verifyCredential.signatureValid ? 'valid' : 'not checked'})`,
      );
    }
    const settings = [
      `LAUREL_HOME=${path.relative(process.cwd(), home) || '.'}`,
      ...(served.port === 4000 ? [] : [`PORT=${served.port}`]),
      ...(process.env.PUBLIC_URL ? [`PUBLIC_URL=${served.publicUrl}`] : []),
    ];
    console.log(
      `\nThe verification links work while Laurel serves this data: ${settings.join(' ')} npm start`,
    );
    console.log(`(this run answered on ${site}).`);
  } finally {
    await laurel.stop();
  }
  console.log('Stopped.');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('The demo failed:', error);
    process.exit(1);
  },
);
