import {
  evaluateCourse,
  overallProgress,
  type RequirementProgress,
} from '../../src/modules/eligibility';
import { blocks, completed, completion, course, facts, grade, ids, policy } from './fixtures';

const rules = course('course-v1:Laurel+P+2026', {
  blocks: blocks('b', 20),
  gradingPolicy: policy({ Exam: 1 }),
  gradedItems: [{ id: 'exam', assignmentType: 'Exam', possiblePoints: 100 }],
});

describe('Progress', () => {
  it('completion 0.45 vs ≥ 0.9 and grade 0.8 vs ≥ 0.8 → progress (0.5 + 1) / 2 = 0.75, not eligible', () => {
    const evaluation = evaluateCourse({
      requirements: [completion(0.9), grade(0.8)],
      course: rules,
      enrolled: true,
      facts: facts(completed(ids(rules.blocks), 9), { exam: 80 }),
    });
    expect(evaluation).toEqual({
      eligible: false,
      enrolled: true,
      progress: 0.75,
      steps: null,
      requirements: [
        {
          kind: 'COMPLETION',
          assignmentType: null,
          required: 0.9,
          current: 0.45,
          met: false,
          reason: 'Completion 0.45 is below 0.9',
        },
        {
          kind: 'GRADE',
          assignmentType: null,
          required: 0.8,
          current: 0.8,
          met: true,
          reason: null,
        },
      ],
    });
  });

  const progress = (current: number, required: number): RequirementProgress => ({
    kind: 'COMPLETION',
    assignmentType: null,
    current,
    required,
    met: current >= required,
    reason: null,
  });

  it.each<[string, RequirementProgress[], number]>([
    ['no requirements', [], 0],
    ['required 0, current 0 counts 1', [progress(0, 0)], 1],
    ['required 0 next to one at 0/0.5', [progress(0, 0), progress(0, 0.5)], 0.5],
    ['over-achievement is capped at 1', [progress(1, 0.5), progress(0.25, 0.5)], 0.75],
    ['thirds', [progress(0.3, 0.9)], 0.3333],
    ['two thirds', [progress(0.6, 0.9)], 0.6667],
    ['all met', [progress(0.9, 0.9), progress(1, 0.1)], 1],
  ])('%s → %p', (_name, requirements, expected) => {
    expect(overallProgress(requirements)).toBe(expected);
  });

  it('a requirement with min 0 is met with nothing done and contributes 1', () => {
    const evaluation = evaluateCourse({
      requirements: [completion(0), grade(0.5)],
      course: rules,
      enrolled: true,
      facts: facts(),
    });
    expect(evaluation.requirements.map((p) => [p.current, p.met])).toEqual([
      [0, true],
      [0, false],
    ]);
    expect(evaluation.progress).toBe(0.5);
  });

  it('an empty list of requirements makes nobody eligible', () => {
    const evaluation = evaluateCourse({
      requirements: [],
      course: rules,
      enrolled: true,
      facts: facts(),
    });
    expect(evaluation).toMatchObject({ eligible: false, progress: 0, requirements: [] });
  });
});
