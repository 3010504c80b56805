import { Client } from 'pg';

/**
 * The progress benchmark's profile, written with set-based SQL: 10,000 learners, 200
 * courses (50 blocks, 10 graded items each), 20 paths of 5 courses, 2 configurations
 * per course. Every learner is enrolled in course 0 and one other course, with facts in
 * both; learner L0 is enrolled in courses 0–49.
 */
export const LEARNERS = 10_000;
export const COURSES = 200;
export const courseId = (c: number) => `course-v1:Bench+C${c}+2026`;

const COURSE = `'course-v1:Bench+C' || c || '+2026'`;

const SEED = `
insert into learner (id, name) select 'L' || i, 'Learner ' || i from generate_series(0, ${LEARNERS - 1}) i;
insert into course (id, title, grading_policy)
  select ${COURSE}, 'Course ' || c,
    '[{"assignmentType":"Homework","weight":0.3},{"assignmentType":"Lab","weight":0.3},{"assignmentType":"Exam","weight":0.4}]'
  from generate_series(0, ${COURSES - 1}) c;
insert into content_block (id, course_id, optional, position)
  select 'C' || c || '-b' || b, ${COURSE}, b >= 45, b from generate_series(0, ${COURSES - 1}) c, generate_series(0, 49) b;
insert into graded_item (id, course_id, assignment_type, possible_points, position)
  select 'C' || c || '-i' || i, ${COURSE},
    case when i < 4 then 'Homework' when i < 7 then 'Lab' else 'Exam' end, 100, i
  from generate_series(0, ${COURSES - 1}) c, generate_series(0, 9) i;
insert into learning_path (id, title) select 'path-v1:Bench+P' || p || '+2026', 'Path ' || p from generate_series(0, 19) p;
insert into learning_path_step (learning_path_id, position, course_id)
  select 'path-v1:Bench+P' || p || '+2026', s, 'course-v1:Bench+C' || (p * 5 + s) || '+2026'
  from generate_series(0, 19) p, generate_series(0, 4) s;
insert into credential_configuration (id, name, course_id, tier, requirements, auto_issue)
  select gen_random_uuid(), 'Certificate of Completion', ${COURSE}, 0,
    '[{"kind":"COMPLETION","min":0.8,"assignmentType":null,"includeOptional":false}]', false
  from generate_series(0, ${COURSES - 1}) c;
insert into credential_configuration (id, name, course_id, tier, requirements, auto_issue)
  select gen_random_uuid(), 'Certificate of Achievement', ${COURSE}, 1,
    '[{"kind":"COMPLETION","min":0.9,"assignmentType":null,"includeOptional":false},
      {"kind":"GRADE","min":0.7,"assignmentType":null,"includeOptional":false},
      {"kind":"ASSIGNMENT_GRADE","min":0.8,"assignmentType":"Exam","includeOptional":false}]', false
  from generate_series(0, ${COURSES - 1}) c;
create temporary table seed_enrollment as
  select 'L' || i as learner_id, 0 as c from generate_series(0, ${LEARNERS - 1}) i
  union all select 'L' || i, 1 + i % ${COURSES - 1} from generate_series(1, ${LEARNERS - 1}) i
  union all select 'L0', c from generate_series(1, 49) c;
insert into enrollment (id, learner_id, course_id, active, occurred_at)
  select gen_random_uuid(), learner_id, ${COURSE}, true, now() from seed_enrollment;
insert into block_completion (learner_id, block_id, course_id, completion, occurred_at)
  select learner_id, 'C' || c || '-b' || b, ${COURSE},
    least(1, ((hashtext(learner_id) + b * 7) & 15) / 12.0), now()
  from seed_enrollment, generate_series(0, 49) b;
insert into item_score (learner_id, item_id, course_id, earned, occurred_at)
  select learner_id, 'C' || c || '-i' || i, ${COURSE}, 40 + ((hashtext(learner_id) + i * 11) & 63), now()
  from seed_enrollment, generate_series(0, 9) i;
analyze;
`;

export async function seedProgressProfile(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    await client.query(SEED);
  } finally {
    await client.end();
  }
  return performance.now() - started;
}
