import { evaluateCourse } from '../../src/modules/eligibility';
import { blocks, completed, completion, course, facts, grade, ids, policy } from './fixtures';

describe('Combined (COMPLETION ≥ 0.9 and GRADE ≥ 0.8)', () => {
  // 20 blocks so that 0.95 = 19/20; one 100-point Exam worth the whole grade.
  const rules = course('course-v1:Laurel+Both+2026', {
    blocks: blocks('b', 20),
    gradingPolicy: policy({ Exam: 1 }),
    gradedItems: [{ id: 'exam', assignmentType: 'Exam', possiblePoints: 100 }],
  });
  const requirements = [completion(0.9), grade(0.8)];
  const learners = [
    { learner: '101', completion: 0.95, grade: 0.7, eligible: false },
    { learner: '102', completion: 0.95, grade: 0.85, eligible: true },
    { learner: '103', completion: 0.9, grade: 0.8, eligible: true },
    { learner: '104', completion: 0.5, grade: 0.99, eligible: false },
  ];
  const evaluate = (learner: (typeof learners)[number]) =>
    evaluateCourse({
      requirements,
      course: rules,
      enrolled: true,
      facts: facts(completed(ids(rules.blocks), Math.round(learner.completion * 20)), {
        exam: learner.grade * 100,
      }),
    });

  it.each(learners)(
    'learner $learner (completion $completion, grade $grade) → eligible $eligible',
    (learner) => {
      const evaluation = evaluate(learner);
      expect(evaluation.requirements.map((p) => p.current)).toEqual([
        learner.completion,
        learner.grade,
      ]);
      expect(evaluation.eligible).toBe(learner.eligible);
    },
  );

  it('learners 101–104: eligible exactly {102, 103}', () => {
    const eligible = learners.filter((learner) => evaluate(learner).eligible).map((l) => l.learner);
    expect(eligible).toEqual(['102', '103']);
  });
});
