import {
  BodyReader,
  type LearningPathSync,
  readLearningPath,
  PATHS_MANAGER,
  pathConfigurationId,
} from '../../src/modules/openedx';
import { eventually } from '../issuance/helpers';
import {
  LearningPathDocument,
  ManagedConfigurationDocument,
  UpdateConfigurationDocument,
} from '../operations/generated';
import { ok, query, upsertLearners } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { type FakeLearningPath, FakeLms, sampleCourse } from '../support/fake-lms';
import { uniqueCourseKey } from './helpers';

let app: TestApp;
let lms: FakeLms;
let sync: LearningPathSync;
beforeAll(async () => {
  lms = await FakeLms.start();
  app = await startTestApp({ ...lms.env(), OPENEDX_PATHS_POLL_SECONDS: '1' });
  sync = app.laurel.openedx!.learningPaths!;
});
afterAll(async () => {
  await app.stop();
  await lms.stop();
});

/** A sync that started after the caller's changes (a running one is joined first). */
async function freshSync() {
  await sync.syncNow();
  return sync.syncNow();
}

const configurationOf = async (pathKey: string) =>
  (
    await ok(
      app.gql(ManagedConfigurationDocument, { id: pathConfigurationId(pathKey) }, app.adminToken),
    )
  ).credentialConfiguration;

const stepsOf = async (pathKey: string) =>
  (
    await ok(app.gql(LearningPathDocument, { id: pathKey }, app.adminToken))
  ).learningPath?.steps.map((step) => step.id);

let pathCounter = 0;
function addPath(steps: string[], extra: Partial<FakeLearningPath> = {}): FakeLearningPath {
  const path: FakeLearningPath = {
    key: `path-v1:Fake+P${Date.now().toString(36)}${pathCounter++}+2026+all`,
    displayName: 'Data Track',
    // The plugin orders by `order`; the list need not be in that order.
    steps: steps.map((courseKey, i) => ({ courseKey, order: i + 1, weight: 1 })).reverse(),
    requiredCompletion: 0.8,
    requiredGrade: 0.7,
    enrolled: [],
    ...extra,
  };
  lms.paths.push(path);
  return path;
}

describe('learning paths from the plugin', () => {
  it('imports the path, its unknown courses, its enrollments and a managed Completion configuration', async () => {
    const [c1, c2] = [uniqueCourseKey('L'), uniqueCourseKey('L')];
    lms.addCourse(sampleCourse(c1));
    lms.addCourse(sampleCourse(c2));
    const known = lms.addUser(7001);
    lms.addUser(7002);
    await upsertLearners(app, [String(known.id)]);
    const path = addPath([c1, c2], { enrolled: [7001, 7002] });

    const summary = await freshSync();
    expect(summary.skipped).toContainEqual({
      pathKey: path.key,
      reason: '1 enrolled learner(s) not known to Laurel yet',
    });
    expect(await stepsOf(path.key)).toEqual([c1, c2]);
    expect(await configurationOf(path.key)).toEqual({
      id: pathConfigurationId(path.key),
      name: 'Completion',
      managedBy: PATHS_MANAGER,
      requirements: [
        { kind: 'COMPLETION', min: 0.8 },
        { kind: 'GRADE', min: 0.7 },
      ],
      learningPath: { id: path.key },
    });
    expect(
      await query(app, 'select learner_id, active from enrollment where learning_path_id = $1', [
        path.key,
      ]),
    ).toEqual([{ learner_id: '7001', active: true }]);

    // The plugin raises its threshold: the managed configuration follows.
    path.requiredCompletion = 0.9;
    await freshSync();
    expect((await configurationOf(path.key))!.requirements[0]).toEqual({
      kind: 'COMPLETION',
      min: 0.9,
    });

    // The learner leaves the path in the LMS: the enrollment goes inactive.
    path.enrolled = [];
    await freshSync();
    expect(
      await query(app, 'select active from enrollment where learning_path_id = $1', [path.key]),
    ).toEqual([{ active: false }]);
  });

  it('leaves a configuration an admin edited as the admin left it', async () => {
    const c1 = uniqueCourseKey('L');
    lms.addCourse(sampleCourse(c1));
    const path = addPath([c1]);
    await freshSync();
    await ok(
      app.gql(
        UpdateConfigurationDocument,
        {
          id: pathConfigurationId(path.key),
          input: { name: 'Track Certificate', requirements: [{ kind: 'COMPLETION', min: 0.5 }] },
        },
        app.adminToken,
      ),
    );
    path.requiredCompletion = 0.95;
    path.requiredGrade = null;
    await freshSync();
    expect(await configurationOf(path.key)).toMatchObject({
      name: 'Track Certificate',
      managedBy: null,
      requirements: [{ kind: 'COMPLETION', min: 0.5 }],
    });
    const [{ count }] = await query<{ count: number }>(
      app,
      'select count(*)::int as count from credential_configuration where learning_path_id = $1',
      [path.key],
    );
    expect(count).toBe(1);
  });

  it('picks up a new step at the next poll', async () => {
    const [c1, c2] = [uniqueCourseKey('L'), uniqueCourseKey('L')];
    lms.addCourse(sampleCourse(c1));
    lms.addCourse(sampleCourse(c2));
    const path = addPath([c1]);
    await freshSync();
    expect(await stepsOf(path.key)).toEqual([c1]);

    path.steps.push({ courseKey: c2, order: 2, weight: 1 });
    // No syncNow: the 1 s timer does it.
    await eventually(async () => {
      const steps = await stepsOf(path.key);
      return steps?.length === 2 ? steps : undefined;
    }, 10_000);
    expect(await stepsOf(path.key)).toEqual([c1, c2]);
  });

  it('reads plugin entries defensively, naming the endpoint and field', () => {
    const read = (value: unknown) =>
      readLearningPath(
        new BodyReader('GET /api/learning_paths/v1/learning-paths/', value, 'results[0]'),
      );
    expect(() =>
      read({ key: 'path-v1:A+B+C+D', display_name: 'X', steps: [{ course_key: 42 }] }),
    ).toThrow(
      'GET /api/learning_paths/v1/learning-paths/: unexpected response body: results[0].steps[0].course_key must be a string',
    );
    expect(() => read({ key: 'course-v1:A+B+C', display_name: 'X', steps: [] })).toThrow(
      'results[0].key must be a learning path key',
    );
    expect(() =>
      read({ key: 'path-v1:A+B+C+D', display_name: 'X', steps: [], required_completion: 80 }),
    ).toThrow('results[0].required_completion must be from 0 to 1, got 80');
    expect(
      read({
        key: 'path-v1:A+B+C+D',
        display_name: 'X',
        steps: [
          { course_key: 'course-v1:A+Two+R', order: 2 },
          { course_key: 'course-v1:A+None+R', order: null },
          { course_key: 'course-v1:A+One+R', order: 1 },
        ],
        required_completion: null,
        unknown_field: { anything: true },
      }),
    ).toEqual({
      key: 'path-v1:A+B+C+D',
      displayName: 'X',
      steps: ['course-v1:A+One+R', 'course-v1:A+Two+R', 'course-v1:A+None+R'],
      requiredCompletion: null,
    });
  });
});
