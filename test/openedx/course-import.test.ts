import type { Orm } from '../../src/db/orm';
import { createCourseImporter, importCourse } from '../../src/modules/openedx';
import { createLogger } from '../../src/shared/logger';
import { CourseDocument } from '../operations/generated';
import { ok, query } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { FakeLms, sampleCourse } from '../support/fake-lms';
import { backfillDeps, lmsClient, uniqueCourseKey } from './helpers';

let app: TestApp;
let lms: FakeLms;
let orm: Orm;
beforeAll(async () => {
  [app, lms] = await Promise.all([startTestApp(), FakeLms.start()]);
  ({ orm } = await backfillDeps(app, lms));
});
afterAll(async () => {
  await orm.close();
  await Promise.all([app.stop(), lms.stop()]);
});

const courseOf = async (id: string) =>
  (await ok(app.gql(CourseDocument, { id }, app.adminToken))).course;

describe('course structure import', () => {
  it('turns the Blocks API and the grading policy into blocks, graded items and policy', async () => {
    const course = lms.addCourse(sampleCourse(uniqueCourseKey(), 'Intro to Fakes'));
    const b = (type: string, name: string) =>
      `block-v1:${course.key.split(':')[1]}+type@${type}+block@${name}`;
    await importCourse(lmsClient(lms), orm.em.fork(), course.key);

    expect(await courseOf(course.key)).toMatchObject({
      id: course.key,
      title: 'Intro to Fakes',
      gradingPolicy: [
        { assignmentType: 'Homework', weight: 0.4 },
        { assignmentType: 'Exam', weight: 0.6 },
      ],
      // Leaves in tree order, containers left out; optional_completion read.
      blocks: [
        { id: b('problem', 'hw1_p1'), optional: false },
        { id: b('html', 'hw1_intro'), optional: false },
        { id: b('video', 'lecture'), optional: false },
        { id: b('html', 'extra'), optional: true },
        { id: b('problem', 'exam_p1'), optional: false },
      ],
      // Graded subsections, format = assignment type, one point each.
      gradedItems: [
        { id: b('sequential', 'hw1'), assignmentType: 'Homework', possiblePoints: 1 },
        { id: b('sequential', 'exam'), assignmentType: 'Exam', possiblePoints: 1 },
      ],
    });
  });

  it('refreshes a changed course; ensureCourse imports only unknown courses, once for concurrent calls', async () => {
    const course = lms.addCourse(sampleCourse(uniqueCourseKey()));
    const importer = createCourseImporter({
      lms: lmsClient(lms),
      em: () => orm.em.fork(),
      logger: createLogger('silent'),
    });
    const blockRequests = () =>
      lms.requests.filter(
        (r) =>
          r.startsWith('GET /api/courses/v2/blocks/') && r.includes(encodeURIComponent(course.key)),
      );
    const results = await Promise.all([
      importer.ensureCourse(course.key),
      importer.ensureCourse(course.key),
      importer.ensureCourse(course.key),
    ]);
    expect(results).toEqual([true, true, true]);
    expect(blockRequests()).toHaveLength(1);
    expect(await importer.ensureCourse(course.key)).toBe(true);
    expect(blockRequests()).toHaveLength(1);

    // A new unit published in the LMS: refreshCourse picks it up.
    const vertical = Object.keys(course.blocks).find((id) => id.endsWith('@exam_v'))!;
    const added = vertical.replace('type@vertical+block@exam_v', 'type@html+block@exam_notes');
    course.blocks[added] = { type: 'html', display_name: 'Notes' };
    course.blocks[vertical].children!.push(added);
    await importer.refreshCourse(course.key);
    expect((await courseOf(course.key))!.blocks.map((block) => block.id)).toContain(added);

    const unknown = createCourseImporter({
      lms: null,
      em: () => orm.em.fork(),
      logger: createLogger('silent'),
    });
    expect(await unknown.ensureCourse(uniqueCourseKey())).toBe(false);
    expect(await importer.ensureCourse('course-v1:Nope+Missing+2026')).toBe(false);
  });

  it('refuses a hostile structure with a clear error and writes nothing', async () => {
    const course = lms.addCourse(sampleCourse(uniqueCourseKey()));
    const client = lmsClient(lms);
    lms.answer('/api/grades/v1/policy/', [{ assignment_type: 'Homework', weight: 1e308 }]);
    await expect(importCourse(client, orm.em.fork(), course.key)).rejects.toThrow(
      `GET /api/grades/v1/policy/courses/${course.key}/: unexpected response body: [0].weight must be from 0 to 1, got 1e+308`,
    );
    lms.answer('/api/courses/v2/blocks/', { root: 'x', blocks: { x: { type: 7 } } });
    await expect(importCourse(client, orm.em.fork(), course.key)).rejects.toThrow(
      'GET /api/courses/v2/blocks/: unexpected response body: blocks.x.type must be a string',
    );
    lms.answer('/api/grades/v1/policy/', [
      { assignment_type: 'Homework', weight: 0.8 },
      { assignment_type: 'Exam', weight: 0.8 },
    ]);
    await expect(importCourse(client, orm.em.fork(), course.key)).rejects.toThrow(
      /its structure cannot be stored: gradingPolicy/,
    );
    expect(await query(app, 'select id from course where id = $1', [course.key])).toEqual([]);
  });
});
