import { PDFName, type PDFDocument, type PDFPage } from 'pdf-lib';

import type { BuiltinDesign } from './builtin-layout';
import type { PageContent } from './content';
import { embedImage, imageOperators, preparedImage } from './images';
import type { RenderCredentialInput } from './render';

/** The built-in design's paper, ornaments, logo and signatures, under its text. */
export async function drawDesign(
  doc: PDFDocument,
  page: PDFPage,
  content: PageContent,
  design: BuiltinDesign,
  input: RenderCredentialInput,
): Promise<void> {
  content.operators.push(design.operators);
  const issuer = input.issuer;
  const placed: { slug: string; field: string; box: NonNullable<BuiltinDesign['logo']> }[] = [];
  if (issuer?.logoAssetId && design.logo) {
    placed.push({ slug: issuer.logoAssetId, field: 'issuer.logoAssetId', box: design.logo });
  }
  design.signatures.forEach((box, index) => {
    const slug = issuer?.signatories[index]?.signatureAssetId;
    if (box && slug) placed.push({ slug, field: `signatories[${index}].signatureAssetId`, box });
  });
  const refs = new Map<string, PDFName>();
  for (const { slug, field, box } of placed) {
    const image = await preparedImage(await input.loadAsset(slug), field);
    let name = refs.get(slug);
    if (!name) {
      name = PDFName.of(`Im${refs.size}`);
      refs.set(slug, name);
      page.node.setXObject(name, embedImage(doc.context, image));
    }
    content.operators.push(imageOperators(name, image, box));
  }
}
