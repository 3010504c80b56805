import { mergeKeyOf } from './merge';
import type { RequirementEvaluator } from './requirements/evaluator';
import { findEvaluator, getEvaluator, registeredKinds } from './requirements/registry';
import {
  type AssignmentTypeWeight,
  type CourseRules,
  isGroupKind,
  MAX_REQUIREMENT_DEPTH,
  type Requirement,
  type StepOverride,
  type ValidationProblem,
} from './types';

const WEIGHT_SUM_TOLERANCE = 1e-9;

function isFraction(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

function describe(req: Requirement): string {
  return isBlank(req.assignmentType) ? req.kind : `${req.kind} "${req.assignmentType}"`;
}

/** Every kind's own parameter fields (`modes`, …): each is rejected on the other kinds. */
const KIND_PARAMETERS = [
  ...new Set(registeredKinds().flatMap((kind) => getEvaluator(kind).parameters ?? [])),
];

/** Problems of `min` and of the kind's own parameters, independent of any course. */
function parameterProblems(req: Requirement, evaluator: RequirementEvaluator, at: string) {
  const problems: ValidationProblem[] = [];
  if (evaluator.threshold === 'min') {
    if (req.min == null) problems.push({ field: `${at}.min`, message: `${req.kind} needs a min` });
    else if (!isFraction(req.min)) {
      problems.push({ field: `${at}.min`, message: `min must be between 0 and 1, got ${req.min}` });
    }
  } else if (req.min != null && req.min !== 1) {
    problems.push({ field: `${at}.min`, message: `${req.kind} takes no min` });
  }
  for (const field of KIND_PARAMETERS) {
    if (req[field] != null && !(evaluator.parameters ?? []).includes(field)) {
      problems.push({ field: `${at}.${field}`, message: `${req.kind} takes no ${field}` });
    }
  }
  for (const problem of evaluator.validateParameters?.(req) ?? []) {
    problems.push({ field: `${at}.${problem.field}`, message: problem.message });
  }
  return problems;
}

/** The most requirements one tree may hold, groups included (each is measured per learner). */
export const MAX_REQUIREMENTS_IN_TREE = 200;

function countNodes(reqs: readonly Requirement[]): number {
  return reqs.reduce((sum, req) => sum + 1 + countNodes(req.requirements ?? []), 0);
}

/** Problems of an ALL_OF / ANY_OF group itself; its members are checked by the caller. */
function groupProblems(req: Requirement, at: string, depth: number): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (req.min != null && req.min !== 1) {
    problems.push({ field: `${at}.min`, message: `${req.kind} takes no min` });
  }
  for (const field of ['assignmentType', ...KIND_PARAMETERS] as const) {
    if (req[field] != null) {
      problems.push({ field: `${at}.${field}`, message: `${req.kind} takes no ${field}` });
    }
  }
  if (depth >= MAX_REQUIREMENT_DEPTH) {
    problems.push({
      field: `${at}.kind`,
      message: `Groups nest at most ${MAX_REQUIREMENT_DEPTH} levels deep (the list itself is the first)`,
    });
  }
  return problems;
}

/** Problems of one requirement that is not a group, in a course when one is given. */
function leafProblems(
  req: Requirement,
  evaluator: RequirementEvaluator,
  course: CourseRules | null,
  at: string,
): ValidationProblem[] {
  const problems = parameterProblems(req, evaluator, at);
  if (req.requirements != null) {
    problems.push({
      field: `${at}.requirements`,
      message: `${req.kind} is not a group; only ALL_OF and ANY_OF take requirements`,
    });
  }
  const missingType = isBlank(req.assignmentType);
  if (evaluator.assignmentType === 'required' && missingType) {
    problems.push({
      field: `${at}.assignmentType`,
      message: `${req.kind} needs an assignmentType`,
    });
    return problems;
  }
  if (evaluator.assignmentType === 'forbidden' && req.assignmentType != null) {
    problems.push({
      field: `${at}.assignmentType`,
      message: `${req.kind} takes no assignmentType`,
    });
    return problems;
  }
  const problem = course ? evaluator.validate(req, course) : null;
  if (problem) problems.push({ field: `${at}.${problem.field}`, message: problem.message });
  return problems;
}

/** Whether a requirement's merge key can be taken, to report duplicates even of faulty ones. */
function hasMergeKey(req: Requirement, valid: boolean): boolean {
  if (isGroupKind(req.kind)) return valid;
  const evaluator = findEvaluator(req.kind);
  if (!evaluator) return false;
  const missingType = isBlank(req.assignmentType);
  return evaluator.assignmentType === 'required' ? !missingType : req.assignmentType == null;
}

function validateList(
  reqs: readonly Requirement[],
  course: CourseRules | null,
  fieldPrefix: string,
  depth: number,
): ValidationProblem[] {
  if (reqs.length === 0) {
    return [{ field: fieldPrefix, message: 'At least one requirement is needed' }];
  }
  const problems: ValidationProblem[] = [];
  const firstIndexByKey = new Map<string, number>();
  reqs.forEach((req, index) => {
    const at = `${fieldPrefix}[${index}]`;
    let own: ValidationProblem[];
    if (isGroupKind(req.kind)) {
      own = groupProblems(req, at, depth);
      if (depth < MAX_REQUIREMENT_DEPTH) {
        own.push(...validateList(req.requirements ?? [], course, `${at}.requirements`, depth + 1));
      }
    } else {
      const evaluator = findEvaluator(req.kind);
      own = evaluator
        ? leafProblems(req, evaluator, course, at)
        : [{ field: `${at}.kind`, message: `Unknown requirement kind ${req.kind}` }];
    }
    problems.push(...own);
    if (!hasMergeKey(req, own.length === 0)) return;
    const key = mergeKeyOf(req);
    const first = firstIndexByKey.get(key);
    if (first === undefined) firstIndexByKey.set(key, index);
    else {
      problems.push({
        field: at,
        message: `${describe(req)} is already required by ${fieldPrefix}[${first}]`,
      });
    }
  });
  return problems;
}

/**
 * Problems with one list of requirements, a tree when it holds ALL_OF / ANY_OF groups.
 * With a course, each requirement is also checked against it (e.g. its assignment type
 * must be in the grading policy); without one, only the course-independent checks run.
 */
export function validateRequirements(
  reqs: readonly Requirement[],
  course: CourseRules | null,
  fieldPrefix = 'requirements',
): ValidationProblem[] {
  const nodes = countNodes(reqs);
  if (nodes > MAX_REQUIREMENTS_IN_TREE) {
    return [
      {
        field: fieldPrefix,
        message: `At most ${MAX_REQUIREMENTS_IN_TREE} requirements, groups and their members included; got ${nodes}`,
      },
    ];
  }
  return validateList(reqs, course, fieldPrefix, 1);
}

/** Problems of a valid requirement (a tree) against one course, with field paths under `at`. */
function courseProblems(req: Requirement, course: CourseRules, at: string): ValidationProblem[] {
  if (isGroupKind(req.kind)) {
    return (req.requirements ?? []).flatMap((child, index) =>
      courseProblems(child, course, `${at}.requirements[${index}]`),
    );
  }
  const problem = findEvaluator(req.kind)?.validate(req, course);
  return problem ? [{ field: `${at}.${problem.field}`, message: problem.message }] : [];
}

/**
 * Problems with a learning path configuration: the path's requirements apply to
 * every step's course, each override applies to its own step's course.
 */
export function validatePathRequirements(input: {
  requirements: readonly Requirement[];
  stepOverrides: readonly StepOverride[];
  steps: readonly CourseRules[];
}): ValidationProblem[] {
  const problems = validateRequirements(input.requirements, null);
  const pathReqsValid = problems.length === 0;
  const stepsById = new Map(input.steps.map((course) => [course.id, course]));
  const overriddenCourses = new Set<string>();
  const overriddenKeys = new Map<string, Set<string>>();

  input.stepOverrides.forEach((override, index) => {
    const at = `stepOverrides[${index}]`;
    const course = stepsById.get(override.courseId);
    if (!course) {
      problems.push({
        field: `${at}.courseId`,
        message: `Course ${override.courseId} is not a step of this learning path`,
      });
    } else if (overriddenCourses.has(course.id)) {
      problems.push({
        field: `${at}.courseId`,
        message: `Course ${override.courseId} already has an override`,
      });
    }
    const overrideProblems = validateRequirements(
      override.requirements,
      course ?? null,
      `${at}.requirements`,
    );
    problems.push(...overrideProblems);
    if (course && !overriddenCourses.has(course.id)) {
      overriddenCourses.add(course.id);
      if (overrideProblems.length === 0) {
        overriddenKeys.set(course.id, new Set(override.requirements.map(mergeKeyOf)));
      }
    }
  });

  if (!pathReqsValid) return problems;
  for (const course of input.steps) {
    const replaced = overriddenKeys.get(course.id) ?? new Set<string>();
    input.requirements.forEach((req, index) => {
      if (replaced.has(mergeKeyOf(req))) return;
      problems.push(...courseProblems(req, course, `requirements[${index}]`));
    });
  }
  return problems;
}

/** Problems with a course's grading policy: weights in [0, 1] summing to at most 1, unique named types. */
export function validateGradingPolicy(
  policy: readonly AssignmentTypeWeight[],
  fieldPrefix = 'gradingPolicy',
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const seen = new Map<string, number>();
  let sum = 0;
  policy.forEach((entry, index) => {
    const at = `${fieldPrefix}[${index}]`;
    if (isBlank(entry.assignmentType)) {
      problems.push({ field: `${at}.assignmentType`, message: 'assignmentType must not be empty' });
    } else {
      const first = seen.get(entry.assignmentType);
      if (first === undefined) seen.set(entry.assignmentType, index);
      else {
        problems.push({
          field: `${at}.assignmentType`,
          message: `Assignment type "${entry.assignmentType}" is already in ${fieldPrefix}[${first}]`,
        });
      }
    }
    if (!isFraction(entry.weight)) {
      problems.push({
        field: `${at}.weight`,
        message: `weight must be between 0 and 1, got ${entry.weight}`,
      });
    } else {
      sum += entry.weight;
    }
  });
  if (sum > 1 + WEIGHT_SUM_TOLERANCE) {
    problems.push({ field: fieldPrefix, message: `Weights sum to ${sum}, more than 1` });
  }
  return problems;
}
