import http from 'node:http';
import { Pool } from 'pg';
import {
  evaluateCourse,
  NO_FACTS,
  type CourseRules,
  type Requirement,
} from '../src/modules/eligibility';

/**
 * The hand-written baseline: the same answer as `learnerProgress` for one learner in
 * several courses, from plain `pg` queries and the pure evaluator, with no GraphQL,
 * ORM or DataLoader. It shows what Laurel's layers cost.
 */
const SQL = {
  configurations: `select id, name, course_id, requirements from credential_configuration
    where course_id = any($1) and enabled order by course_id, tier, id`,
  courses: `select id, grading_policy from course where id = any($1)`,
  blocks: `select id, course_id, optional from content_block where course_id = any($1) order by course_id, position`,
  items: `select id, course_id, assignment_type, possible_points from graded_item where course_id = any($1) order by course_id, position`,
  enrollments: `select course_id, active from enrollment where learner_id = $1 and course_id = any($2)`,
  completions: `select course_id, block_id, completion from block_completion where learner_id = $1 and course_id = any($2)`,
  scores: `select course_id, item_id, earned from item_score where learner_id = $1 and course_id = any($2)`,
};

type Row = Record<string, unknown>;

function groupBy<T extends Row>(rows: T[], key: string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = row[key] as string;
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  return groups;
}

async function progress(pool: Pool, learnerId: string, courseIds: string[]) {
  const [configs, courses, blocks, items, enrollments, completions, scores] = await Promise.all([
    pool.query(SQL.configurations, [courseIds]),
    pool.query(SQL.courses, [courseIds]),
    pool.query(SQL.blocks, [courseIds]),
    pool.query(SQL.items, [courseIds]),
    pool.query(SQL.enrollments, [learnerId, courseIds]),
    pool.query(SQL.completions, [learnerId, courseIds]),
    pool.query(SQL.scores, [learnerId, courseIds]),
  ]);
  const blocksBy = groupBy(blocks.rows, 'course_id');
  const itemsBy = groupBy(items.rows, 'course_id');
  const completionsBy = groupBy(completions.rows, 'course_id');
  const scoresBy = groupBy(scores.rows, 'course_id');
  const enrolled = new Map(
    enrollments.rows.map((r: Row) => [r.course_id as string, r.active as boolean]),
  );
  const rules = new Map<string, CourseRules>(
    courses.rows.map((c: Row) => [
      c.id as string,
      {
        id: c.id as string,
        gradingPolicy: c.grading_policy as CourseRules['gradingPolicy'],
        blocks: (blocksBy.get(c.id as string) ?? []).map((b) => ({
          id: b.id as string,
          optional: b.optional as boolean,
        })),
        gradedItems: (itemsBy.get(c.id as string) ?? []).map((g) => ({
          id: g.id as string,
          assignmentType: g.assignment_type as string,
          possiblePoints: g.possible_points as number,
        })),
      },
    ]),
  );
  return configs.rows.map((config: Row) => {
    const courseId = config.course_id as string;
    const facts = {
      completions: new Map(
        (completionsBy.get(courseId) ?? []).map((r) => [
          r.block_id as string,
          r.completion as number,
        ]),
      ),
      scores: new Map(
        (scoresBy.get(courseId) ?? []).map((r) => [r.item_id as string, r.earned as number]),
      ),
    };
    const evaluation = evaluateCourse({
      requirements: config.requirements as Requirement[],
      course: rules.get(courseId)!,
      enrolled: enrolled.get(courseId) === true,
      facts: courseIds.includes(courseId) ? facts : NO_FACTS,
    });
    return { configuration: { id: config.id, name: config.name }, ...evaluation };
  });
}

/** Serves POST {learnerId, courseIds} → JSON progress on a free port. */
export async function startBaselineServer(
  databaseUrl: string,
  port = 0,
): Promise<{ url: string; stop(): Promise<void> }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const { learnerId, courseIds } = JSON.parse(body) as {
        learnerId: string;
        courseIds: string[];
      };
      progress(pool, learnerId, courseIds).then(
        (result) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ data: result }));
        },
        (error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${bound}/`,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

// Run as its own process by progress.bench.ts: serves on PORT, prints `ready`.
if (require.main === module) {
  startBaselineServer(process.env.DATABASE_URL!, Number(process.env.PORT ?? 0)).then(
    ({ stop }) => {
      console.log('ready');
      process.on('SIGTERM', () => void stop().then(() => process.exit(0)));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
