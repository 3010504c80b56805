import { randomBytes } from 'node:crypto';
import type { CourseImporter } from '../../src/modules/openedx';
import { ConnectorFailuresDocument } from '../operations/generated';
import { eventually } from '../issuance/helpers';
import { ok, query, upsertCourse } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import {
  completionEvent,
  OpenedxBusProducer,
  T,
  uniqueTopicPrefix,
  uuid1,
} from '../support/openedx-bus';
import { SHARED_REDIS_URL } from '../support/redis';

/**
 * With an LMS importer configured: structure events refresh their course, and a fact naming a
 * course Laurel does not know imports it first; a course the LMS cannot tell is parked.
 * The importer here answers from a list, as the LMS REST client would from the LMS.
 */
jest.setTimeout(60_000);

const TOPICS = ['analytics', 'course-authoring-xblock-lifecycle', 'course-catalog-info-changed'];
const prefix = uniqueTopicPrefix('importer');
const refreshed: string[] = [];
const ensured: string[] = [];
const lmsCourses = new Set<string>();
let app: TestApp;
let bus: OpenedxBusProducer;

const blockOf = (courseKey: string) =>
  `${courseKey.replace('course-v1:', 'block-v1:')}+type@html+block@b0`;

const importer: CourseImporter = {
  refreshCourse: async (key) => {
    refreshed.push(key);
    if (!lmsCourses.has(key)) throw new Error('404 from the LMS');
  },
  ensureCourse: async (key) => {
    ensured.push(key);
    if (!lmsCourses.has(key)) return false;
    await upsertCourse(app, {
      id: key,
      title: 'Imported',
      gradingPolicy: [],
      blocks: [{ id: blockOf(key), optional: false }],
      gradedItems: [],
    });
    return true;
  },
};

beforeAll(async () => {
  app = await startTestApp(
    {
      OPENEDX_EVENT_BUS_URL: SHARED_REDIS_URL,
      OPENEDX_TOPIC_PREFIX: prefix,
      OPENEDX_TOPICS: TOPICS.join(','),
      OPENEDX_BLOCK_MS: '200',
    },
    { courseImporter: importer },
  );
  bus = new OpenedxBusProducer(SHARED_REDIS_URL, prefix);
});
afterAll(async () => {
  await bus.redis.del(...TOPICS.map((t) => bus.stream(t)));
  await bus.close();
  await app.stop();
});

const courseKey = () => `course-v1:Imp+I${randomBytes(3).toString('hex')}+2026`;

it('a completion in a course Laurel does not know imports the course, then applies', async () => {
  const key = courseKey();
  lmsCourses.add(key);
  await bus.send(
    TOPICS[0],
    completionEvent({
      userId: 61,
      courseKey: key,
      blockId: blockOf(key),
      completion: 1,
      modified: new Date('2026-02-01T00:00:00Z'),
    }),
  );
  await eventually(async () => {
    const rows = await query(app, 'select 1 from block_completion where block_id = $1', [
      blockOf(key),
    ]);
    return rows.length === 1 ? true : undefined;
  });
  expect(ensured).toContain(key);
});

it('a course the LMS cannot tell is parked with the reason', async () => {
  const key = courseKey();
  const event = {
    ...completionEvent({
      userId: 62,
      courseKey: key,
      blockId: blockOf(key),
      completion: 1,
      modified: new Date('2026-02-01T00:00:00Z'),
    }),
    id: uuid1(),
  };
  await bus.send(TOPICS[0], event);
  const failure = await eventually(async () => {
    const data = await ok(app.gql(ConnectorFailuresDocument, { first: 50 }, app.adminToken));
    return data.connectorFailures.edges.find((e) => e.node.messageId === event.id)?.node;
  });
  expect(failure.reason).toBe(`course "${key}" is not known to Laurel`);
  expect(ensured).toContain(key);
});

it('xblock.published and catalog_info.changed refresh their course; a failed refresh is parked', async () => {
  const key = courseKey();
  lmsCourses.add(key);
  await bus.send(TOPICS[1], {
    type: T.xblockPublished,
    data: {
      xblock_info: {
        usage_key: `${key.replace('course-v1:', 'block-v1:')}+type@problem+block@p1`,
        block_type: 'problem',
      },
    },
  });
  const missing = courseKey();
  const catalog = {
    type: T.catalogInfo,
    id: uuid1(),
    data: {
      catalog_info: {
        course_key: missing,
        name: 'N',
        schedule_data: {
          start: '2026-01-01T00:00:00+00:00',
          pacing: 'instructor',
          end: null,
          enrollment_start: null,
          enrollment_end: null,
        },
        hidden: false,
        invitation_only: false,
      },
    },
  };
  await bus.send(TOPICS[2], catalog);
  await eventually(async () =>
    refreshed.includes(key) && refreshed.includes(missing) ? true : undefined,
  );
  const failure = await eventually(async () => {
    const data = await ok(app.gql(ConnectorFailuresDocument, { first: 50 }, app.adminToken));
    return data.connectorFailures.edges.find((e) => e.node.messageId === catalog.id)?.node;
  });
  expect(failure.reason).toBe(
    `refreshing course "${missing}" from the LMS failed: 404 from the LMS`,
  );
});
