import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { PlacedTemplateElement } from './placed-element.type';
import type { RenderedPreview } from './preview.service';

@ObjectType({ description: 'A page of a certificate preview.' })
export class PreviewPage {
  @Field(() => Int, { description: '1-based.' })
  number!: number;

  @Field(() => Float, { description: 'PDF points.' })
  width!: number;

  @Field(() => Float, { description: 'PDF points.' })
  height!: number;
}

@ObjectType({
  description:
    'A certificate rendered exactly as issuance would render it for this name, stamped PREVIEW, dated today and numbered with a verification id no credential has. Nothing is stored.',
})
export class CertificatePreview {
  @Field(() => ID)
  configurationId!: string;

  @Field({ description: 'The name printed (trimmed).' })
  learnerName!: string;

  @Field({ description: 'The locale it was rendered in (the configuration’s unless given).' })
  locale!: string;

  @Field(() => Date, { description: 'The issue date printed: the start of today, UTC.' })
  issuedAt!: Date;

  @Field({ description: 'The verification id printed: all zeros, for no credential.' })
  verificationId!: string;

  @Field(() => Int, { description: 'Size of the PDF in bytes.' })
  byteLength!: number;

  @Field({ description: 'The PDF, base64-encoded.' })
  pdfBase64!: string;

  @Field({
    description:
      'The same preview as a PDF from Laurel’s HTTP route (send the same bearer token), under PUBLIC_URL.',
  })
  pdfUrl!: string;

  @Field({
    description:
      'Page 1 as a PNG from Laurel’s HTTP route (send the same bearer token); `&width=` sets its width in pixels.',
  })
  pngUrl!: string;

  @Field(() => Float, { description: 'Width of page 1 in PDF points (its visible area).' })
  pageWidth!: number;

  @Field(() => Float, { description: 'Height of page 1 in PDF points (its visible area).' })
  pageHeight!: number;

  @Field(() => Int)
  pageCount!: number;

  @Field(() => [PreviewPage], {
    description: 'Every page’s size in PDF points (its visible area), page 1 first.',
  })
  pages!: PreviewPage[];

  @Field(() => [PlacedTemplateElement], {
    description:
      'Every template element drawn, on every page, where the renderer drew it (the built-in layout merged with the template, or the template PDF’s own elements).',
  })
  elements!: PlacedTemplateElement[];

  /** The render, for `pngBase64`. */
  rendered!: RenderedPreview;
}
