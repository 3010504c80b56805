import { evaluateCourse } from '../../src/modules/eligibility';
import { blocks, completed, completion, course, facts, ids } from './fixtures';

describe('Completion (COMPLETION ≥ 0.8, 10 content blocks, all non-optional)', () => {
  const tenBlocks = course('course-v1:Laurel+C+2026', { blocks: blocks('c', 10) });
  const blockIds = ids(tenBlocks.blocks);

  it.each([
    {
      id: 'C1',
      what: '9 blocks complete',
      full: 9,
      partial: [],
      enrolled: true,
      current: 0.9,
      eligible: true,
    },
    {
      id: 'C2',
      what: '7 blocks complete',
      full: 7,
      partial: [],
      enrolled: true,
      current: 0.7,
      eligible: false,
    },
    {
      id: 'C3',
      what: '8 blocks complete (inclusive)',
      full: 8,
      partial: [],
      enrolled: true,
      current: 0.8,
      eligible: true,
    },
    {
      id: 'C4',
      what: '10 blocks complete, no active enrollment',
      full: 10,
      partial: [],
      enrolled: false,
      current: 1,
      eligible: false,
    },
    {
      id: 'C5',
      what: '7 complete + 2 at 0.5',
      full: 7,
      partial: [0.5, 0.5],
      enrolled: true,
      current: 0.8,
      eligible: true,
    },
  ])(
    '$id: $what → completion $current, eligible $eligible',
    ({ full, partial, enrolled, current, eligible }) => {
      const evaluation = evaluateCourse({
        requirements: [completion(0.8)],
        course: tenBlocks,
        enrolled,
        facts: facts(completed(blockIds, full, partial)),
      });
      expect(evaluation.eligible).toBe(eligible);
      expect(evaluation.enrolled).toBe(enrolled);
      expect(evaluation.steps).toBeNull();
      expect(evaluation.requirements).toEqual([
        {
          kind: 'COMPLETION',
          assignmentType: null,
          required: 0.8,
          current,
          met: current >= 0.8,
          reason: current >= 0.8 ? null : `Completion ${current} is below 0.8`,
        },
      ]);
    },
  );

  it('C4: the requirements are met even though the learner is not eligible', () => {
    const evaluation = evaluateCourse({
      requirements: [completion(0.8)],
      course: tenBlocks,
      enrolled: false,
      facts: facts(completed(blockIds, 10)),
    });
    expect(evaluation.requirements[0].met).toBe(true);
    expect(evaluation.progress).toBe(1);
    expect(evaluation.eligible).toBe(false);
  });
});

describe('Completion: optional blocks', () => {
  const mixed = course('course-v1:Laurel+Opt+2026', {
    blocks: [...blocks('req', 4), ...blocks('opt', 2, true)],
  });

  it.each([
    {
      what: 'all required, no optional',
      done: ['req-b0', 'req-b1', 'req-b2', 'req-b3'],
      includeOptional: false,
      current: 1,
    },
    {
      what: 'all required, no optional',
      done: ['req-b0', 'req-b1', 'req-b2', 'req-b3'],
      includeOptional: true,
      current: 0.6667,
    },
    { what: 'optional only', done: ['opt-b0', 'opt-b1'], includeOptional: false, current: 0 },
    { what: 'optional only', done: ['opt-b0', 'opt-b1'], includeOptional: true, current: 0.3333 },
    {
      what: 'everything',
      done: ['req-b0', 'req-b1', 'req-b2', 'req-b3', 'opt-b0', 'opt-b1'],
      includeOptional: true,
      current: 1,
    },
  ])('$what, includeOptional $includeOptional → $current', ({ done, includeOptional, current }) => {
    const evaluation = evaluateCourse({
      requirements: [completion(0.5, includeOptional)],
      course: mixed,
      enrolled: true,
      facts: facts(Object.fromEntries(done.map((id) => [id, 1]))),
    });
    expect(evaluation.requirements[0].current).toBe(current);
  });

  it('includeOptional absent or null means excluded', () => {
    const learner = facts({ 'opt-b0': 1, 'opt-b1': 1 });
    for (const includeOptional of [undefined, null]) {
      const evaluation = evaluateCourse({
        requirements: [{ kind: 'COMPLETION', min: 0.5, includeOptional }],
        course: mixed,
        enrolled: true,
        facts: learner,
      });
      expect(evaluation.requirements[0].current).toBe(0);
    }
  });
});

describe('Completion: courses with no counted blocks read 0, never 100 % of nothing', () => {
  it.each([
    {
      what: 'no blocks at all',
      rules: course('course-v1:Laurel+Empty+2026'),
      includeOptional: false,
    },
    {
      what: 'no blocks at all, includeOptional',
      rules: course('course-v1:Laurel+Empty+2026'),
      includeOptional: true,
    },
    {
      what: 'only optional blocks',
      rules: course('course-v1:Laurel+OnlyOpt+2026', { blocks: blocks('opt', 3, true) }),
      includeOptional: false,
    },
  ])('$what → completion 0, not met', ({ rules, includeOptional }) => {
    const evaluation = evaluateCourse({
      requirements: [completion(0.5, includeOptional)],
      course: rules,
      enrolled: true,
      facts: facts({ 'opt-b0': 1, 'opt-b1': 1, 'opt-b2': 1 }),
    });
    expect(evaluation.requirements[0]).toMatchObject({ current: 0, met: false });
    expect(evaluation.eligible).toBe(false);
  });

  it('completions for blocks that are not in the course are ignored', () => {
    const rules = course('course-v1:Laurel+Two+2026', { blocks: blocks('b', 2) });
    const evaluation = evaluateCourse({
      requirements: [completion(0.5)],
      course: rules,
      enrolled: true,
      facts: facts({ 'b-b0': 1, elsewhere: 1 }),
    });
    expect(evaluation.requirements[0].current).toBe(0.5);
  });
});
