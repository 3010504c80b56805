import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { changingCourseRules, changingPathSteps, validateGradingPolicy } from '../eligibility';
import { type FieldProblem, assertNoProblems } from '../../shared/errors';
import { COURSE_KEY, OPAQUE_ID, PATH_KEY } from '../../shared/keys';
import { type Page, type PageRequest, toPage } from '../../shared/pagination';
import { checkLanguage, checkPattern, checkText, checkUnique } from '../../shared/validation';
import type { CourseInput, LearningPathInput } from './catalog.inputs';
import { ContentBlock } from './content-block.entity';
import { Course } from './course.entity';
import { GradedItem } from './graded-item.entity';
import { LearningPathStep } from './learning-path-step.entity';
import { LearningPath } from './learning-path.entity';

function validateCourseInput(input: CourseInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  checkPattern(problems, 'id', input.id, COURSE_KEY, 'a course key such as course-v1:Org+Num+Run');
  checkText(problems, 'title', input.title);
  if (input.language != null) checkLanguage(problems, 'language', input.language);
  problems.push(...validateGradingPolicy(input.gradingPolicy));

  input.blocks.forEach((block, i) =>
    checkPattern(problems, `blocks[${i}].id`, block.id, OPAQUE_ID, 'a non-empty id without spaces'),
  );
  checkUnique(
    problems,
    (i) => `blocks[${i}].id`,
    input.blocks.map((b) => b.id),
  );

  const policyTypes = new Set(input.gradingPolicy.map((p) => p.assignmentType));
  input.gradedItems.forEach((item, i) => {
    checkPattern(
      problems,
      `gradedItems[${i}].id`,
      item.id,
      OPAQUE_ID,
      'a non-empty id without spaces',
    );
    if (!policyTypes.has(item.assignmentType)) {
      problems.push({
        field: `gradedItems[${i}].assignmentType`,
        message: `"${item.assignmentType}" is not in the grading policy`,
      });
    }
    if (!Number.isFinite(item.possiblePoints) || item.possiblePoints <= 0) {
      problems.push({
        field: `gradedItems[${i}].possiblePoints`,
        message: 'must be a number above 0',
      });
    }
  });
  checkUnique(
    problems,
    (i) => `gradedItems[${i}].id`,
    input.gradedItems.map((g) => g.id),
  );
  return problems;
}

/** Courses, their content blocks and graded items, and learning paths. */
export class CatalogService {
  constructor(private readonly em: EntityManager) {}

  async upsertCourse(input: CourseInput): Promise<Course> {
    assertNoProblems(validateCourseInput(input));
    return this.em.transactional((em) =>
      changingCourseRules(em, input.id, () => this.writeCourse(em, input)),
    );
  }

  private async writeCourse(em: EntityManager, input: CourseInput): Promise<Course> {
    const problems = [
      ...(await this.idsOwnedElsewhere(
        em,
        ContentBlock,
        input.id,
        input.blocks.map((b) => b.id),
        'blocks',
      )),
      ...(await this.idsOwnedElsewhere(
        em,
        GradedItem,
        input.id,
        input.gradedItems.map((g) => g.id),
        'gradedItems',
      )),
    ];
    assertNoProblems(problems);

    const course = await em.upsert(Course, {
      id: input.id,
      title: input.title.trim(),
      language: input.language ?? 'en',
      gradingPolicy: input.gradingPolicy.map(({ assignmentType, weight }) => ({
        assignmentType,
        weight,
      })),
      updatedAt: new Date(),
    });
    // Only blocks and items that left the course are deleted: facts about the
    // others (completions, scores) stay.
    const blockIds = input.blocks.map((b) => b.id);
    const itemIds = input.gradedItems.map((g) => g.id);
    await em.nativeDelete(ContentBlock, { course: input.id, id: { $nin: blockIds } });
    await em.nativeDelete(GradedItem, { course: input.id, id: { $nin: itemIds } });
    if (input.blocks.length > 0) {
      await em.upsertMany(
        ContentBlock,
        input.blocks.map((block, position) => ({
          id: block.id,
          course: input.id,
          optional: block.optional,
          position,
          updatedAt: new Date(),
        })),
      );
    }
    if (input.gradedItems.length > 0) {
      await em.upsertMany(
        GradedItem,
        input.gradedItems.map((item, position) => ({
          id: item.id,
          course: input.id,
          assignmentType: item.assignmentType,
          possiblePoints: item.possiblePoints,
          position,
          updatedAt: new Date(),
        })),
      );
    }
    return course;
  }

  /** Block and item ids are global: one may not move silently from another course. */
  private async idsOwnedElsewhere(
    em: EntityManager,
    entity: typeof ContentBlock | typeof GradedItem,
    courseId: string,
    ids: string[],
    field: string,
  ): Promise<FieldProblem[]> {
    if (ids.length === 0) return [];
    const rows: { id: string; course: { id: string } }[] = await em.find(
      entity,
      { id: { $in: ids }, course: { $ne: courseId } },
      { fields: ['id', 'course'] },
    );
    const owner = new Map(rows.map((r) => [r.id, r.course.id]));
    return ids.flatMap((id, i) =>
      owner.has(id)
        ? [{ field: `${field}[${i}].id`, message: `"${id}" belongs to ${owner.get(id)}` }]
        : [],
    );
  }

  /**
   * `authorizeAddedSteps` is told the courses the path does not have yet, before anything
   * is written, and throws to refuse them.
   */
  async upsertLearningPath(
    input: LearningPathInput,
    authorizeAddedSteps: (courseIds: string[]) => void,
  ): Promise<LearningPath> {
    const problems: FieldProblem[] = [];
    checkPattern(
      problems,
      'id',
      input.id,
      PATH_KEY,
      'a path key such as path-v1:Org+Num+Run+Group',
    );
    checkText(problems, 'title', input.title);
    checkUnique(problems, (i) => `steps[${i}]`, input.steps);
    assertNoProblems(problems);

    return this.em.transactional(async (em) => {
      // Locks the path's row (when it exists) so that two updates judge added steps in turn.
      await em.findOne(LearningPath, { id: input.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const current = await em.find(LearningPathStep, { learningPath: input.id });
      const currentCourses = new Set(current.map((step) => step.course.id));
      authorizeAddedSteps(input.steps.filter((courseId) => !currentCourses.has(courseId)));
      return changingPathSteps(em, input.id, () => this.writeLearningPath(em, input));
    });
  }

  private async writeLearningPath(
    em: EntityManager,
    input: LearningPathInput,
  ): Promise<LearningPath> {
    const known = new Set(
      (await em.find(Course, { id: { $in: input.steps } }, { fields: ['id'] })).map((c) => c.id),
    );
    assertNoProblems(
      input.steps.flatMap((id, i) =>
        known.has(id) ? [] : [{ field: `steps[${i}]`, message: `course "${id}" does not exist` }],
      ),
    );
    const path = await em.upsert(LearningPath, {
      id: input.id,
      title: input.title.trim(),
      updatedAt: new Date(),
    });
    await em.nativeDelete(LearningPathStep, { learningPath: input.id });
    if (input.steps.length > 0) {
      await em.insertMany(
        LearningPathStep,
        input.steps.map((courseId, position) => ({
          learningPath: input.id,
          course: courseId,
          position,
        })),
      );
    }
    return path;
  }

  async listCourses(page: PageRequest): Promise<Page<Course>> {
    const [rows, total] = await Promise.all([
      this.em.find(Course, page.afterId ? { id: { $gt: page.afterId } } : {}, {
        orderBy: { id: 'asc' },
        limit: page.first + 1,
      }),
      this.em.count(Course),
    ]);
    return toPage(rows, page, total);
  }

  async listLearningPaths(page: PageRequest): Promise<Page<LearningPath>> {
    const [rows, total] = await Promise.all([
      this.em.find(LearningPath, page.afterId ? { id: { $gt: page.afterId } } : {}, {
        orderBy: { id: 'asc' },
        limit: page.first + 1,
      }),
      this.em.count(LearningPath),
    ]);
    return toPage(rows, page, total);
  }
}
