import {
  evaluateCourse,
  evaluateRequirement,
  validateRequirements,
  type Requirement,
} from '../../src/modules/eligibility';
import { completion, course, facts } from './fixtures';

const track = (...modes: string[]): Requirement => ({ kind: 'ENROLLMENT_TRACK', modes });
const rules = course('course-v1:Laurel+Track+2026');
const withMode = (enrollmentMode: string | null) => ({ ...facts(), enrollmentMode });

describe('ENROLLMENT_TRACK { modes }', () => {
  it.each<[string, string[], string | null, boolean, string | null]>([
    ['verified among verified/professional', ['verified', 'professional'], 'verified', true, null],
    [
      'professional among verified/professional',
      ['verified', 'professional'],
      'professional',
      true,
      null,
    ],
    [
      'audit against verified/professional',
      ['verified', 'professional'],
      'audit',
      false,
      'Enrolled in audit; requires verified or professional',
    ],
    ['mode compared case-insensitively', ['Verified'], 'VERIFIED', true, null],
    ['mode trimmed', [' verified '], 'verified\t', true, null],
    [
      'honor against one mode',
      ['verified'],
      'honor',
      false,
      'Enrolled in honor; requires verified',
    ],
    [
      'three modes in the reason',
      ['honor', 'verified', 'professional'],
      'audit',
      false,
      'Enrolled in audit; requires honor, verified or professional',
    ],
    ['unknown mode', ['verified'], null, false, 'Enrollment mode unknown; requires verified'],
    [
      'a prefix is not the mode',
      ['verified'],
      'verifiedx',
      false,
      'Enrolled in verifiedx; requires verified',
    ],
    [
      'no-id-professional is its own mode',
      ['professional'],
      'no-id-professional',
      false,
      'Enrolled in no-id-professional; requires professional',
    ],
  ])('%s', (_name, modes, mode, met, reason) => {
    const progress = evaluateRequirement(track(...modes), rules, withMode(mode));
    expect(progress).toEqual({
      kind: 'ENROLLMENT_TRACK',
      assignmentType: null,
      required: 1,
      current: met ? 1 : 0,
      met,
      reason,
    });
  });

  it('counts as one requirement in the progress mean: completion 0.5 of 1 and track met → 0.75', () => {
    const evaluation = evaluateCourse({
      requirements: [completion(1), track('verified')],
      course: course('c', {
        blocks: [
          { id: 'b1', optional: false },
          { id: 'b2', optional: false },
        ],
      }),
      enrolled: true,
      facts: { ...facts({ b1: 1 }), enrollmentMode: 'verified' },
    });
    expect(evaluation.progress).toBe(0.75);
    expect(evaluation.eligible).toBe(false);
  });

  it('is met with the other requirements: eligible only on the right track', () => {
    const evaluate = (enrollmentMode: string) =>
      evaluateCourse({
        requirements: [completion(0), track('verified')],
        course: rules,
        enrolled: true,
        facts: { ...facts(), enrollmentMode },
      }).eligible;
    expect(evaluate('verified')).toBe(true);
    expect(evaluate('audit')).toBe(false);
  });

  it.each<[string, Requirement, { field: string; message: RegExp }[]]>([
    [
      'modes missing',
      { kind: 'ENROLLMENT_TRACK' },
      [{ field: 'requirements[0].modes', message: /at least one mode/ }],
    ],
    ['modes empty', track(), [{ field: 'requirements[0].modes', message: /at least one mode/ }]],
    [
      'a blank mode',
      track('verified', '  '),
      [{ field: 'requirements[0].modes', message: /1 to 100/ }],
    ],
    [
      'a mode too long',
      track('x'.repeat(101)),
      [{ field: 'requirements[0].modes', message: /1 to 100/ }],
    ],
    [
      '21 modes',
      track(...Array.from({ length: 21 }, (_, i) => `m${i}`)),
      [{ field: 'requirements[0].modes', message: /at most 20/ }],
    ],
    [
      'a min other than 1',
      { ...track('verified'), min: 0.5 },
      [{ field: 'requirements[0].min', message: /takes no min/ }],
    ],
    [
      'an assignment type',
      { ...track('verified'), assignmentType: 'Exam' },
      [{ field: 'requirements[0].assignmentType', message: /takes no assignmentType/ }],
    ],
    [
      'modes on COMPLETION',
      { ...completion(0.5), modes: ['verified'] },
      [{ field: 'requirements[0].modes', message: /COMPLETION takes no modes/ }],
    ],
    [
      'COMPLETION without min',
      { kind: 'COMPLETION' },
      [{ field: 'requirements[0].min', message: /needs a min/ }],
    ],
  ])('rejects %s', (_name, req, expected) => {
    const problems = validateRequirements([req], rules);
    expect(problems).toEqual(
      expected.map((e) => ({ field: e.field, message: expect.stringMatching(e.message) })),
    );
  });

  it.each<[string, Requirement]>([
    ['min absent', track('verified')],
    ['min 1 (as read back)', { ...track('verified'), min: 1 }],
  ])('accepts %s', (_name, req) => {
    expect(validateRequirements([req], rules)).toEqual([]);
  });

  it('a second ENROLLMENT_TRACK in one list is a duplicate', () => {
    expect(validateRequirements([track('verified'), track('honor')], rules)).toEqual([
      {
        field: 'requirements[1]',
        message: 'ENROLLMENT_TRACK is already required by requirements[0]',
      },
    ]);
  });
});
