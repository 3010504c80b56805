import {
  REQUIREMENT_KINDS,
  findEvaluator,
  getEvaluator,
  isRequirementKind,
  registeredKinds,
  type RequirementKind,
} from '../../src/modules/eligibility';

describe('requirement evaluator registry', () => {
  it('registers exactly the requirement kinds, each once', () => {
    const kinds = registeredKinds();
    expect(new Set(kinds).size).toBe(kinds.length);
    expect([...kinds].sort()).toEqual([...REQUIREMENT_KINDS].sort());
  });

  it.each(REQUIREMENT_KINDS.map((kind) => [kind]))('has one evaluator for %s', (kind) => {
    const evaluator = getEvaluator(kind);
    expect(evaluator.kind).toBe(kind);
    const sharing = REQUIREMENT_KINDS.filter((other) => getEvaluator(other) === evaluator);
    expect(sharing).toEqual([kind]);
  });

  it('knows no other kind', () => {
    expect(isRequirementKind('FORUM_ACTIVITY')).toBe(false);
    expect(isRequirementKind('toString')).toBe(false);
    expect(findEvaluator('FORUM_ACTIVITY')).toBeUndefined();
    expect(() => getEvaluator('FORUM_ACTIVITY' as RequirementKind)).toThrow(/FORUM_ACTIVITY/);
  });

  it.each<[string, { kind: RequirementKind; assignmentType?: string | null }, string]>([
    ['COMPLETION', { kind: 'COMPLETION' }, 'COMPLETION'],
    ['GRADE', { kind: 'GRADE' }, 'GRADE'],
    [
      'ASSIGNMENT_GRADE Homework',
      { kind: 'ASSIGNMENT_GRADE', assignmentType: 'Homework' },
      'ASSIGNMENT_GRADE:Homework',
    ],
  ])('merge key of %s is (kind, assignmentType)', (_name, req, key) => {
    expect(getEvaluator(req.kind).mergeKey({ ...req, min: 0.5 })).toBe(key);
  });
});
