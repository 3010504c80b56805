import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Course, LearningPath } from '../catalog';
import {
  CredentialConfiguration,
  type CredentialKind,
  type RenewalMode,
  type Requirement,
  type StepOverride,
} from '../credentials';
import type { Evaluation } from '../eligibility';

/**
 * The read side of `learnerProgress`: for each (learner, course or path) asked in one
 * tick, the enabled configurations of the context with the learner's stored
 * evaluation, in one statement. Hydrating the configurations through the ORM cost
 * more than everything else of the request; they are built from the row instead, as
 * instances the EntityManager does not manage (read-only: never persist them).
 * Pairs without a stored evaluation come back with null, for the caller to evaluate.
 */
export interface ProgressContextKey {
  learnerId: string;
  courseId: string | null;
  learningPathId: string | null;
}

export interface StoredProgress {
  configuration: CredentialConfiguration;
  /** Null when none is stored (no enrollment, or a row written before answers were stored). */
  evaluation: Evaluation | null;
}

const READ_SQL = `
with k as (
  select * from json_to_recordset(?::json) as k(learner_id text, course_id text, learning_path_id text)
)
select k.learner_id, k.course_id as key_course_id, k.learning_path_id as key_learning_path_id,
  c.id, c.name, c.kind, c.course_id, c.learning_path_id, c.tier, c.requirements,
  c.step_overrides, c.auto_issue, c.allow_claim, c.enabled, c.locale, c.template,
  c.created_at, c.updated_at, c.audit_cutoff_date, c.available_from, c.valid_for, c.renewal,
  c.renewal_window_start, e.evaluation
from k
join credential_configuration c
  on (c.course_id = k.course_id or c.learning_path_id = k.learning_path_id) and c.enabled
left join learner_eligibility e on e.learner_id = k.learner_id and e.configuration_id = c.id
order by c.tier, c.id`;

interface ReadRow {
  learner_id: string;
  key_course_id: string | null;
  key_learning_path_id: string | null;
  id: string;
  name: string;
  kind: CredentialKind;
  course_id: string | null;
  learning_path_id: string | null;
  tier: number;
  requirements: Requirement[];
  step_overrides: StepOverride[];
  auto_issue: boolean;
  allow_claim: boolean;
  enabled: boolean;
  locale: string;
  template: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  audit_cutoff_date: Date | null;
  /** The driver hands timestamps over as text. */
  available_from: string | Date | null;
  valid_for: string | null;
  renewal: RenewalMode;
  renewal_window_start: string | null;
  evaluation: Evaluation | null;
}

const keyOf = (k: ProgressContextKey) =>
  `${k.learnerId}\u0000${k.courseId ?? ''}\u0000${k.learningPathId ?? ''}`;

/**
 * An instance of the entity class made of plain data properties: constructors and the
 * ORM's relation setters (which the profile showed costing more than the statement)
 * do not run.
 */
function unmanaged<T extends object>(entity: new () => T, values: Partial<T>): T {
  return Object.setPrototypeOf(values, entity.prototype) as T;
}

function configurationOf(row: ReadRow): CredentialConfiguration {
  return unmanaged(CredentialConfiguration, {
    id: row.id,
    name: row.name,
    kind: row.kind,
    course: row.course_id ? unmanaged(Course, { id: row.course_id }) : null,
    learningPath: row.learning_path_id
      ? unmanaged(LearningPath, { id: row.learning_path_id })
      : null,
    tier: row.tier,
    requirements: row.requirements,
    stepOverrides: row.step_overrides,
    autoIssue: row.auto_issue,
    allowClaim: row.allow_claim,
    enabled: row.enabled,
    locale: row.locale,
    template: row.template,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    auditCutoffDate: row.audit_cutoff_date,
    availableFrom: row.available_from === null ? null : new Date(row.available_from),
    validFor: row.valid_for,
    renewal: row.renewal,
    renewalWindowStart: row.renewal_window_start,
  });
}

export function storedProgressLoader(em: EntityManager) {
  return new DataLoader<ProgressContextKey, StoredProgress[], string>(
    async (keys) => {
      const rows = await em.execute<ReadRow[]>(READ_SQL, [
        JSON.stringify(
          keys.map((k) => ({
            learner_id: k.learnerId,
            course_id: k.courseId,
            learning_path_id: k.learningPathId,
          })),
        ),
      ]);
      const byKey = new Map(keys.map((k) => [keyOf(k), [] as StoredProgress[]]));
      for (const row of rows) {
        const key = keyOf({
          learnerId: row.learner_id,
          courseId: row.key_course_id,
          learningPathId: row.key_learning_path_id,
        });
        byKey.get(key)?.push({ configuration: configurationOf(row), evaluation: row.evaluation });
      }
      return keys.map((k) => byKey.get(keyOf(k)) ?? []);
    },
    { cacheKeyFn: keyOf },
  );
}
