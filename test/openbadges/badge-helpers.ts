import { randomBytes } from 'node:crypto';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import {
  type CredentialKind,
  IssueCredentialDocument,
  UpsertLearnerDocument,
} from '../operations/generated';
import {
  completion,
  completions,
  createConfiguration,
  enrollment,
  ok,
  record,
  testCourse,
  upsertCourse,
} from '../progress/helpers';
import type { TestApp } from '../support/app';
import { reaches } from '../issuance/helpers';
import { siteOf } from '../issuers/helpers';

export interface Issued {
  id: string;
  verificationId: string;
  configurationId: string;
  courseId: string;
}

/** A course, a configuration of `kind` and an AVAILABLE credential of it for the learner. */
export async function issued(
  app: TestApp,
  options: {
    kind: CredentialKind;
    learnerId: string;
    learnerName?: string;
    name?: string;
    badgeTemplateAssetId?: string;
  },
): Promise<Issued> {
  const tag = randomBytes(4).toString('hex');
  const course = testCourse(`course-v1:Badge+C${tag}+2026`, {
    blocks: 10,
    title: 'Data & Society',
  });
  await upsertCourse(app, course);
  const { learnerId } = options;
  await ok(
    app.gql(
      UpsertLearnerDocument,
      {
        input: {
          id: learnerId,
          name: options.learnerName ?? `Learner ${learnerId}`,
          email: `${learnerId}@example.org`,
        },
      },
      app.ingestToken,
    ),
  );
  const configurationId = await createConfiguration(app, {
    courseId: course.id,
    kind: options.kind,
    name:
      options.name ?? (options.kind === 'BADGE' ? 'Data Explorer' : 'Certificate of Completion'),
    requirements: [completion(0.8)],
    autoIssue: false,
    ...(options.badgeTemplateAssetId ? { badgeTemplateAssetId: options.badgeTemplateAssetId } : {}),
  });
  const at = '2026-01-01T00:00:00.000Z';
  await ok(
    record(app, {
      enrollments: [enrollment(learnerId, { courseId: course.id }, true, at)],
      completions: completions(learnerId, course, Array(10).fill(1) as number[], at),
    }),
  );
  const { id } = (
    await ok(app.gql(IssueCredentialDocument, { configurationId, learnerId }, app.adminToken))
  ).issueCredential;
  const available = await reaches(app, id, 'AVAILABLE');
  return { id, verificationId: available.verificationId, configurationId, courseId: course.id };
}

export interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
}

/** GET a path of the running Laurel, with a bearer token when given. */
export async function download(
  app: TestApp,
  path: string,
  token?: string | null,
  headers: Record<string, string> = {},
): Promise<Download> {
  const response = await fetch(`${siteOf(app)}${path}`, {
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    redirect: 'manual',
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text: bytes.toString('utf8'),
  };
}

/** Decodes a PNG (independently of Laurel's encoder) and tells its size and how many colours it has. */
export async function decodePng(
  png: Uint8Array,
): Promise<{ width: number; height: number; colours: number }> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  const colours = new Set<number>();
  for (let i = 0; i < data.length && colours.size < 1000; i += 4 * 97) {
    colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  }
  return { width: image.width, height: image.height, colours: colours.size };
}
