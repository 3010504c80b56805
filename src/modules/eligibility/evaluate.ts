import { evaluateRequirement } from './evaluate-requirement';
import { mergeRequirements } from './merge';
import { overallProgress } from './progress';
import type {
  CourseRules,
  Evaluation,
  LearnerCourseFacts,
  Requirement,
  RequirementProgress,
  StepOverride,
  StepProgress,
} from './types';

export const NO_FACTS: LearnerCourseFacts = { completions: new Map(), scores: new Map() };

/** All met, and at least one requirement: an empty list makes nobody eligible. */
function allMet(requirements: readonly RequirementProgress[]): boolean {
  return requirements.length > 0 && requirements.every((progress) => progress.met);
}

function measureAll(
  requirements: readonly Requirement[],
  course: CourseRules,
  facts: LearnerCourseFacts,
): RequirementProgress[] {
  return requirements.map((req) => evaluateRequirement(req, course, facts));
}

/** Course configuration: eligible ⇔ enrolled ∧ every requirement met. */
export function evaluateCourse(input: {
  requirements: readonly Requirement[];
  course: CourseRules;
  enrolled: boolean;
  facts: LearnerCourseFacts;
}): Evaluation {
  const requirements = measureAll(input.requirements, input.course, input.facts);
  return {
    eligible: input.enrolled && allMet(requirements),
    enrolled: input.enrolled,
    progress: overallProgress(requirements),
    requirements,
    steps: null,
  };
}

/** The requirements that apply in one step: the path's, with that step's overrides merged over them. */
export function effectiveStepRequirements(
  requirements: readonly Requirement[],
  stepOverrides: readonly StepOverride[],
  courseId: string,
): Requirement[] {
  return stepOverrides
    .filter((override) => override.courseId === courseId)
    .reduce<Requirement[]>(
      (merged, override) => mergeRequirements(merged, override.requirements),
      [...requirements],
    );
}

/**
 * Learning path configuration: eligible ⇔ path enrollment ∧ at least one step ∧
 * every step's effective requirements met in that step's course.
 */
export function evaluatePath(input: {
  requirements: readonly Requirement[];
  stepOverrides: readonly StepOverride[];
  steps: readonly CourseRules[];
  enrolled: boolean;
  factsByCourse: ReadonlyMap<string, LearnerCourseFacts>;
}): Evaluation {
  const steps: StepProgress[] = input.steps.map((course) => {
    const effective = effectiveStepRequirements(input.requirements, input.stepOverrides, course.id);
    const facts = input.factsByCourse.get(course.id) ?? NO_FACTS;
    const requirements = measureAll(effective, course, facts);
    return { courseId: course.id, eligible: allMet(requirements), requirements };
  });
  const requirements = steps.flatMap((step) => step.requirements);
  return {
    eligible: input.enrolled && steps.length > 0 && steps.every((step) => step.eligible),
    enrolled: input.enrolled,
    progress: overallProgress(requirements),
    requirements,
    steps,
  };
}
