import { fillPlaceholders } from '../../../src/modules/issuance/pdf/placeholders';

describe('fillPlaceholders', () => {
  const values = { name: 'John', context: 'Algebra I', date: 'November 23, 2026' };

  it.each([
    ['Hello {name}!', 'Hello John!'],
    ['{unknown}', '{unknown}'],
    ['{{braces}}', '{braces}'],
    ['{{name}} is {name}', '{name} is John'],
    ['{name} finished {context} on {date}', 'John finished Algebra I on November 23, 2026'],
    ['no placeholders', 'no placeholders'],
    ['{{{name}}}', '{John}'],
    ['{ name }', '{ name }'],
    ['{name', '{name'],
    ['', ''],
  ])('%j → %j', (template, expected) => {
    expect(fillPlaceholders(template, values)).toBe(expected);
  });

  it('does not expand placeholders inside substituted values', () => {
    expect(fillPlaceholders('{name}', { name: '{context}', context: 'x' })).toBe('{context}');
  });

  it('does not treat inherited object properties as values', () => {
    expect(fillPlaceholders('{toString} {constructor}', {})).toBe('{toString} {constructor}');
  });
});
