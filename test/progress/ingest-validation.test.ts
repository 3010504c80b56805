import {
  type BatchReferences,
  checkBatch,
  MAX_CLOCK_SKEW_MS,
} from '../../src/modules/progress/ingest.validation';

/** The pure batch checks, for values GraphQL cannot carry (NaN, Infinity, invalid dates). */
const NOW = new Date('2026-06-01T12:00:00Z');
const refs: BatchReferences = {
  learners: new Set(['a']),
  courses: new Set(['c']),
  paths: new Set(['p']),
  blocks: new Map([['b', { courseId: 'c' }]]),
  items: new Map([['i', { courseId: 'c', possiblePoints: 10 }]]),
};
const occurredAt = new Date('2026-06-01T00:00:00Z');
const completion = (value: number) => ({
  learnerId: 'a',
  courseId: 'c',
  blockId: 'b',
  completion: value,
  occurredAt,
});
const score = (earned: number) => ({
  learnerId: 'a',
  courseId: 'c',
  itemId: 'i',
  earned,
  occurredAt,
});
const check = (batch: Partial<Parameters<typeof checkBatch>[0]>) =>
  checkBatch({ enrollments: [], completions: [], scores: [], ...batch }, refs, NOW).map(
    (p) => p.field,
  );

describe('checkBatch', () => {
  it.each([0, 0.5, 1])('accepts completion %p', (value) => {
    expect(check({ completions: [completion(value)] })).toEqual([]);
  });

  it.each([NaN, Infinity, -Infinity, -0.0001, 1.0001])('rejects completion %p', (value) => {
    expect(check({ completions: [completion(value)] })).toEqual(['completions[0].completion']);
  });

  it.each([0, 10])('accepts earned %p of 10 possible', (earned) => {
    expect(check({ scores: [score(earned)] })).toEqual([]);
  });

  it.each([NaN, Infinity, -1, 10.5])('rejects earned %p of 10 possible', (earned) => {
    expect(check({ scores: [score(earned)] })).toEqual(['scores[0].earned']);
  });

  it('rejects an invalid date and one beyond the allowed clock skew', () => {
    const late = new Date(NOW.getTime() + MAX_CLOCK_SKEW_MS + 1);
    const soon = new Date(NOW.getTime() + MAX_CLOCK_SKEW_MS);
    expect(
      check({
        completions: [
          { ...completion(1), occurredAt: new Date(NaN) },
          { ...completion(1), occurredAt: late },
          { ...completion(1), occurredAt: soon },
        ],
      }),
    ).toEqual(['completions[0].occurredAt', 'completions[1].occurredAt']);
  });

  it('names the index of every problem', () => {
    const problems = checkBatch(
      { enrollments: [], completions: [completion(1), completion(2)], scores: [score(-1)] },
      refs,
      NOW,
    );
    expect(problems.map((p) => [p.field, p.index])).toEqual([
      ['completions[1].completion', 1],
      ['scores[0].earned', 0],
    ]);
  });
});
