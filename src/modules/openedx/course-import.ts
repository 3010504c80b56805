import type { EntityManager } from '@mikro-orm/postgresql';
import { CatalogService, Course } from '../catalog';
import { DomainError } from '../../shared/errors';
import { COURSE_KEY } from '../../shared/keys';
import type { Logger } from '../../shared/logger';
import { type CourseStructure, mapCourseStructure, readGradingPolicy } from './course-structure';
import type { LmsClient } from './lms-client';
import { LmsError } from './lms-errors';

export const BLOCKS_PATH = '/api/courses/v2/blocks/';
const STRUCTURE_FIELDS =
  'children,graded,format,has_score,weight,due,start,display_name,optional_completion';

/** What the event-bus consumer (and anything else) calls to keep courses in step with the LMS. */
export interface CourseImporter {
  /** Imports the course's structure and policy again (after `xblock.published`…). */
  refreshCourse(courseKey: string): Promise<void>;
  /**
   * Imports the course when Laurel does not know it yet. False when no LMS is configured or
   * the import failed (logged); concurrent calls for one course share one import.
   */
  ensureCourse(courseKey: string): Promise<boolean>;
}

/** Reads the course's blocks and grading policy from the LMS, unwritten. */
export async function fetchCourseStructure(
  lms: LmsClient,
  courseKey: string,
): Promise<CourseStructure> {
  if (!COURSE_KEY.test(courseKey)) {
    throw new LmsError(
      'course import',
      `"${courseKey}" is not a course key (course-v1:Org+Num+Run)`,
    );
  }
  const [blocks, policy] = await Promise.all([
    lms.get(BLOCKS_PATH, {
      course_id: courseKey,
      all_blocks: 'true',
      depth: 'all',
      return_type: 'dict',
      requested_fields: STRUCTURE_FIELDS,
    }),
    lms.get(`/api/grades/v1/policy/courses/${courseKey}/`),
  ]);
  return mapCourseStructure(courseKey, blocks, readGradingPolicy(policy));
}

/** Fetches and writes one course through CatalogService (rules and answers follow). */
export async function importCourse(
  lms: LmsClient,
  em: EntityManager,
  courseKey: string,
): Promise<CourseStructure> {
  const structure = await fetchCourseStructure(lms, courseKey);
  try {
    await new CatalogService(em).upsertCourse({
      id: courseKey,
      title: structure.title.slice(0, 500),
      gradingPolicy: structure.gradingPolicy,
      blocks: structure.blocks,
      gradedItems: structure.gradedItems,
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'BAD_USER_INPUT') {
      throw new LmsError(`course ${courseKey}`, `its structure cannot be stored: ${error.message}`);
    }
    throw error;
  }
  return structure;
}

export function createCourseImporter(deps: {
  lms: LmsClient | null;
  em: () => EntityManager;
  logger: Logger;
}): CourseImporter {
  const running = new Map<string, Promise<boolean>>();
  const refreshCourse = async (courseKey: string) => {
    if (!deps.lms) throw new Error('OPENEDX_LMS_URL is not set: no LMS to import from');
    const structure = await importCourse(deps.lms, deps.em(), courseKey);
    deps.logger.info(
      {
        courseId: courseKey,
        blocks: structure.blocks.length,
        gradedItems: structure.gradedItems.length,
        ...(structure.ungradedFormats.length > 0
          ? { formatsNotInPolicy: structure.ungradedFormats }
          : {}),
      },
      'imported the course structure from the LMS',
    );
  };
  const importOnce = async (courseKey: string): Promise<boolean> => {
    const known = await deps.em().count(Course, { id: courseKey });
    if (known > 0) return true;
    try {
      await refreshCourse(courseKey);
      return true;
    } catch (err) {
      deps.logger.warn({ err, courseId: courseKey }, 'could not import a course from the LMS');
      return false;
    }
  };
  return {
    refreshCourse,
    ensureCourse: (courseKey) => {
      if (!deps.lms) return Promise.resolve(false);
      let pending = running.get(courseKey);
      if (!pending) {
        pending = importOnce(courseKey).finally(() => running.delete(courseKey));
        running.set(courseKey, pending);
      }
      return pending;
    },
  };
}
