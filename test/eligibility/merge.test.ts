import { mergeRequirements, type Requirement } from '../../src/modules/eligibility';
import { assignmentGrade, completion, grade } from './fixtures';

describe('mergeRequirements (by kind and assignmentType)', () => {
  it.each<[string, Requirement[], Requirement[], Requirement[]]>([
    [
      'no overrides keeps the path requirements',
      [completion(0.7), grade(0.5)],
      [],
      [completion(0.7), grade(0.5)],
    ],
    [
      'replaces a matching requirement in place',
      [completion(0.7), grade(0.5)],
      [completion(0.9)],
      [completion(0.9), grade(0.5)],
    ],
    ['appends a new kind', [completion(0.7)], [grade(0.6)], [completion(0.7), grade(0.6)]],
    [
      'an assignment type is its own key',
      [assignmentGrade('Exam', 0.6), grade(0.5)],
      [assignmentGrade('Homework', 0.4), assignmentGrade('Exam', 0.8)],
      [assignmentGrade('Exam', 0.8), grade(0.5), assignmentGrade('Homework', 0.4)],
    ],
    [
      'includeOptional is not part of the key',
      [completion(0.7, false)],
      [completion(0.6, true)],
      [completion(0.6, true)],
    ],
    ['overrides over no path requirements', [], [grade(0.5)], [grade(0.5)]],
  ])('%s', (_name, pathReqs, overrideReqs, expected) => {
    const before = structuredClone(pathReqs);
    expect(mergeRequirements(pathReqs, overrideReqs)).toEqual(expected);
    expect(pathReqs).toEqual(before);
  });
});
