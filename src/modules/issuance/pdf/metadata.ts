import { PDFName, type PDFDocument } from 'pdf-lib';

import { withoutBidiControls } from '../../../shared/bidi';

/** What a certificate's document properties say. */
export interface CertificateMetadata {
  readonly title: string;
  /** The issuing organization; absent: no author. */
  readonly author: string | null;
  readonly subject: string;
  readonly keywords: readonly string[];
  readonly createdAt: Date;
  /** BCP 47. */
  readonly language: string;
  readonly producer: string;
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function xmpPacket(meta: CertificateMetadata): string {
  const date = meta.createdAt.toISOString();
  const lang = xml(meta.language);
  const alt = (value: string): string =>
    `<rdf:Alt><rdf:li xml:lang="x-default">${xml(value)}</rdf:li></rdf:Alt>`;
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(meta.title)}</dc:title>`,
    meta.author ? `<dc:creator><rdf:Seq><rdf:li>${xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>` : '',
    `<dc:description>${alt(meta.subject)}</dc:description>`,
    `<dc:subject><rdf:Bag>${meta.keywords.map((k) => `<rdf:li>${xml(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`,
    `<dc:language><rdf:Bag><rdf:li>${lang}</rdf:li></rdf:Bag></dc:language>`,
    `<pdf:Keywords>${xml(meta.keywords.join(', '))}</pdf:Keywords>`,
    `<pdf:Producer>${xml(meta.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${xml(meta.producer)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ]
    .filter(Boolean)
    .join('\n'); // prettier-ignore
}

/**
 * The document information dictionary (title, author = organization, subject, keywords,
 * dates, producer, language) and the same as an XMP metadata stream in the catalog, as
 * archives and PDF/A checkers read it.
 */
export function writeMetadata(doc: PDFDocument, meta: CertificateMetadata): void {
  const clean: CertificateMetadata = {
    ...meta,
    title: withoutBidiControls(meta.title),
    author: meta.author === null ? null : withoutBidiControls(meta.author),
    subject: withoutBidiControls(meta.subject),
    keywords: meta.keywords.map(withoutBidiControls).filter((k) => k !== ''),
  };
  doc.setTitle(clean.title);
  if (clean.author) doc.setAuthor(clean.author);
  doc.setSubject(clean.subject);
  // pdf-lib joins keywords with spaces, which runs keywords of several words together.
  doc.setKeywords([clean.keywords.join(', ')]);
  doc.setProducer(clean.producer);
  doc.setCreator(clean.producer);
  doc.setCreationDate(clean.createdAt);
  doc.setModificationDate(clean.createdAt);
  doc.setLanguage(clean.language);
  const stream = doc.context.stream(Buffer.from(xmpPacket(clean), 'utf8'), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
}
