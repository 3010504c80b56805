import type { EntityManager } from '@mikro-orm/postgresql';
import { CatalogService } from '../catalog';
import { ConfigurationService, CredentialConfiguration } from '../credentials';
import { RequirementKind } from '../eligibility';
import { Enrollment, type EnrollmentInput, type IngestService, Learner } from '../progress';
import type { Logger } from '../../shared/logger';
import type { CourseImporter } from './course-import';
import type { LmsClient } from './lms-client';
import { LmsError } from './lms-errors';
import {
  type LmsLearningPath,
  pathConfigurationId,
  readLearningPath,
  readPathEnrollment,
} from './learning-path-records';

export const PATHS_PATH = '/api/learning_paths/v1/learning-paths/';
export const PATHS_MANAGER = 'openedx-learning-paths';
export const PATH_CONFIGURATION_NAME = 'Completion';

export interface LearningPathSyncSummary {
  paths: number;
  configurationsCreated: number;
  configurationsUpdated: number;
  /** Configurations an admin edited: kept as they are. */
  configurationsKept: number;
  enrollmentsWritten: number;
  skipped: { pathKey: string; reason: string }[];
}

export interface LearningPathSync {
  syncNow(): Promise<LearningPathSyncSummary>;
  stop(): Promise<void>;
}

export interface LearningPathSyncDeps {
  lms: LmsClient;
  em: () => EntityManager;
  ingest: (em: EntityManager) => IngestService;
  courses: CourseImporter;
  logger: Logger;
  /** Seconds between polls; 0 = no timer (syncNow only). */
  intervalSeconds: number;
}

// Plugin configurations have no template: the built-in layout, no PDF to read.
const NO_TEMPLATE_PAGES = {
  pageCount: () => Promise.reject(new Error('plugin configurations have no template')),
};

async function requiredGrade(lms: LmsClient, pathKey: string): Promise<number | null> {
  try {
    const body = await lms.get(`/api/learning_paths/v1/${pathKey}/grade/`);
    return body.get('required_grade').optionalNumber(0, 1);
  } catch (error) {
    // 404: the path has no grading criteria.
    if (error instanceof LmsError && error.status === 404) return null;
    throw error;
  }
}

const sameRequirements = (a: CredentialConfiguration['requirements'], b: typeof a) =>
  JSON.stringify(a.map((r) => [r.kind, r.min])) === JSON.stringify(b.map((r) => [r.kind, r.min]));

/**
 * The path's "Completion" configuration from the plugin's grading criteria: created with a
 * stable id and marked as managed; kept in step while managed; left alone once an admin
 * edited it (the edit clears `managedBy`).
 */
async function syncConfiguration(
  deps: LearningPathSyncDeps,
  path: LmsLearningPath,
  grade: number | null,
  summary: LearningPathSyncSummary,
): Promise<void> {
  const requirements = [
    ...(path.requiredCompletion !== null
      ? [{ kind: RequirementKind.COMPLETION, min: path.requiredCompletion, includeOptional: false }]
      : []),
    ...(grade !== null
      ? [{ kind: RequirementKind.GRADE, min: grade, includeOptional: false }]
      : []),
  ];
  if (requirements.length === 0) {
    summary.skipped.push({
      pathKey: path.key,
      reason: 'the plugin has no grading criteria for it',
    });
    return;
  }
  const id = pathConfigurationId(path.key);
  const em = deps.em();
  const service = new ConfigurationService(em, NO_TEMPLATE_PAGES);
  const existing = await em.findOne(CredentialConfiguration, { id });
  if (!existing) {
    await service.create(
      {
        name: PATH_CONFIGURATION_NAME,
        kind: 'CERTIFICATE' as CredentialConfiguration['kind'],
        learningPathId: path.key,
        tier: 0,
        requirements,
        autoIssue: true,
        allowClaim: false,
        enabled: true,
        locale: 'en',
        template: null,
      },
      { id, managedBy: PATHS_MANAGER },
    );
    summary.configurationsCreated++;
  } else if (existing.managedBy !== PATHS_MANAGER) {
    summary.configurationsKept++;
  } else if (!sameRequirements(existing.requirements, requirements)) {
    const updated = await service.update(id, { requirements }, { managedBy: PATHS_MANAGER });
    if (updated) summary.configurationsUpdated++;
    else summary.configurationsKept++;
  }
}

/**
 * Path enrollments as the plugin lists them now (active ones only): new ones are written
 * active, ones that left the list inactive, both at the time of the poll. Learners Laurel
 * does not know yet (no course event or backfill named them) wait for a later poll.
 */
async function syncEnrollments(
  deps: LearningPathSyncDeps,
  pathKey: string,
  summary: LearningPathSyncSummary,
): Promise<void> {
  const listed = new Set<string>();
  for await (const page of deps.lms.pages(`/api/learning_paths/v1/${pathKey}/enrollments/`)) {
    for (const entry of page.results) {
      const enrollment = readPathEnrollment(entry);
      if (enrollment.active) listed.add(enrollment.learnerId);
    }
  }
  const em = deps.em();
  const known = new Set(
    (await em.find(Learner, { id: { $in: [...listed] } }, { fields: ['id'] })).map((l) => l.id),
  );
  const unknown = listed.size - known.size;
  if (unknown > 0) {
    summary.skipped.push({
      pathKey,
      reason: `${unknown} enrolled learner(s) not known to Laurel yet`,
    });
  }
  const stored = new Map(
    (await em.find(Enrollment, { learningPath: pathKey }, { fields: ['learner', 'active'] })).map(
      (e) => [e.learner.id, e.active],
    ),
  );
  const now = new Date();
  const facts: EnrollmentInput[] = [];
  for (const learnerId of known) {
    if (stored.get(learnerId) !== true) {
      facts.push({ learnerId, learningPathId: pathKey, active: true, occurredAt: now });
    }
  }
  for (const [learnerId, active] of stored) {
    if (active && !listed.has(learnerId)) {
      facts.push({ learnerId, learningPathId: pathKey, active: false, occurredAt: now });
    }
  }
  if (facts.length === 0) return;
  const result = await deps.ingest(deps.em()).recordProgress({ enrollments: facts });
  summary.enrollmentsWritten += result.accepted;
}

async function syncPath(
  deps: LearningPathSyncDeps,
  path: LmsLearningPath,
  summary: LearningPathSyncSummary,
): Promise<void> {
  for (const courseKey of path.steps) {
    if (!(await deps.courses.ensureCourse(courseKey))) {
      summary.skipped.push({
        pathKey: path.key,
        reason: `its course ${courseKey} could not be imported from the LMS`,
      });
      return;
    }
  }
  await new CatalogService(deps.em()).upsertLearningPath(
    { id: path.key, title: path.displayName.trim() || path.key, steps: path.steps },
    () => undefined,
  );
  await syncConfiguration(deps, path, await requiredGrade(deps.lms, path.key), summary);
  await syncEnrollments(deps, path.key, summary);
  summary.paths++;
}

async function syncAll(deps: LearningPathSyncDeps): Promise<LearningPathSyncSummary> {
  const summary: LearningPathSyncSummary = {
    paths: 0,
    configurationsCreated: 0,
    configurationsUpdated: 0,
    configurationsKept: 0,
    enrollmentsWritten: 0,
    skipped: [],
  };
  const paths: LmsLearningPath[] = [];
  for await (const page of deps.lms.pages(PATHS_PATH))
    paths.push(...page.results.map(readLearningPath));
  for (const path of paths) {
    try {
      await syncPath(deps, path, summary);
    } catch (err) {
      deps.logger.warn({ err, learningPathId: path.key }, 'could not sync a learning path');
      summary.skipped.push({
        pathKey: path.key,
        reason: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return summary;
}

/**
 * Polls the learning-paths plugin (it emits no events): paths and their steps (unknown
 * step courses imported first), a "Completion" credential from the plugin's
 * required_completion / required_grade, and path enrollments. One sync runs at a time;
 * `syncNow` joins a running one.
 */
export function startLearningPathSync(deps: LearningPathSyncDeps): LearningPathSync {
  let running: Promise<LearningPathSyncSummary> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const syncNow = () => {
    running ??= syncAll(deps).finally(() => {
      running = null;
    });
    return running;
  };
  const schedule = (delaySeconds = deps.intervalSeconds) => {
    if (stopped || deps.intervalSeconds <= 0) return;
    timer = setTimeout(() => {
      syncNow()
        .then((summary) => deps.logger.debug({ summary }, 'synced learning paths'))
        .catch((err: unknown) => deps.logger.warn({ err }, 'learning paths sync failed'))
        .finally(() => schedule());
    }, delaySeconds * 1000);
    timer.unref();
  };
  // The first sync right after start, then one per interval.
  schedule(0);
  return {
    syncNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
