import { parseColor } from '../../../src/modules/issuance/pdf/color';
import { TemplateError } from '../../../src/modules/issuance/pdf/errors';

describe('parseColor', () => {
  it.each([
    ['#000', [0, 0, 0]],
    ['#fff', [255, 255, 255]],
    ['#ffffff', [255, 255, 255]],
    ['123', [17, 34, 51]],
    ['#9B192A', [155, 25, 42]],
    ['#9b192a', [155, 25, 42]],
    ['9B192A', [155, 25, 42]],
  ])('%s → %j / 255', (input, [r, g, b]) => {
    const color = parseColor(input);
    expect(color.r).toBeCloseTo(r / 255, 10);
    expect(color.g).toBeCloseTo(g / 255, 10);
    expect(color.b).toBeCloseTo(b / 255, 10);
  });

  it.each(['#12', '#1234', '#ggg', 'red', '', '#12345', '##123'])(
    '%j is a BAD_USER_INPUT TemplateError naming the field',
    (input) => {
      let error: unknown;
      try {
        parseColor(input, 'template.elements.name.color');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TemplateError);
      expect(error).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'template.elements.name.color',
      });
    },
  );
});
