import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Where a template element was drawn, in PDF points from the bottom-left of its page, as the template names positions.',
})
export class PlacedTemplateElement {
  @Field({
    description:
      'Its key under the template’s `elements`: name, context, configuration, date, verificationUrl, qr, custom.<index>.',
  })
  name!: string;

  @Field(() => Int, { description: '1-based.' })
  page!: number;

  @Field(() => Float, { description: 'The left edge.' })
  x!: number;

  @Field({
    description:
      'How the element is anchored: left, center (centred on the page or on its template x) or right. A template x of a center element is its centre.',
  })
  align!: string;

  @Field(() => Float, { description: 'The text baseline; a QR code’s bottom edge.' })
  y!: number;

  @Field(() => Float)
  width!: number;

  @Field(() => Float, { description: 'From the lowest descender to the top of the ascent.' })
  height!: number;

  @Field(() => Float, { description: 'How far the box reaches below `y` (0 for a QR code).' })
  descent!: number;

  @Field(() => Float, {
    description: 'The font size drawn (after any maxWidth shrink); a QR code’s side.',
  })
  size!: number;
}
