import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { InputError } from '../../shared/errors';
import { previewPath } from './preview.http';
import { DEFAULT_PREVIEW_WIDTH, MAX_PREVIEW_WIDTH, MIN_PREVIEW_WIDTH } from './preview.service';
import { PlacedTemplateElement } from './placed-element.type';
import { CertificatePreview } from './preview.type';

@Resolver(() => CertificatePreview)
export class CertificatePreviewResolver {
  @Query(() => CertificatePreview, {
    nullable: true,
    description:
      'Renders the certificate of a configuration (enabled or not) for a name, as issuance would, stamped PREVIEW; nothing is stored. Admins and staff of its course or path; counts against PREVIEW_RATE_LIMIT.',
  })
  async previewCertificate(
    @Arg('configurationId', () => ID) configurationId: string,
    @Arg('learnerName') learnerName: string,
    @Arg('locale', () => String, {
      nullable: true,
      description: 'BCP 47; default: the configuration’s locale.',
    })
    locale: string | null,
    @Ctx() ctx: Context,
  ): Promise<CertificatePreview> {
    const request = { configurationId, learnerName, locale };
    const preview = await ctx.services.certificatePreviews.preview(
      { viewer: ctx.viewer, clientAddress: ctx.clientAddress },
      request,
    );
    const path = (format: 'pdf' | 'png') =>
      `${ctx.config.publicUrl}${previewPath(configurationId, format, { learnerName, locale })}`;
    return Object.assign(new CertificatePreview(), {
      configurationId,
      learnerName: preview.learnerName,
      locale: preview.locale,
      issuedAt: preview.issuedAt,
      verificationId: preview.verificationId,
      byteLength: preview.pdf.byteLength,
      pdfBase64: Buffer.from(preview.pdf).toString('base64'),
      pdfUrl: path('pdf'),
      pngUrl: path('png'),
      pdf: preview.pdf,
      pageWidth: preview.layout.pages[0]?.width ?? 0,
      pageHeight: preview.layout.pages[0]?.height ?? 0,
      pageCount: preview.layout.pages.length,
      elements: preview.layout.elements.map((element) =>
        Object.assign(new PlacedTemplateElement(), element),
      ),
    });
  }

  @FieldResolver(() => String, { description: 'Page 1 as a PNG, base64-encoded.' })
  pngBase64(
    @Root() preview: CertificatePreview,
    @Arg('width', () => Int, {
      defaultValue: DEFAULT_PREVIEW_WIDTH,
      description: `Pixels, ${MIN_PREVIEW_WIDTH} to ${MAX_PREVIEW_WIDTH}.`,
    })
    width: number,
    @Ctx() ctx: Context,
  ): Promise<string> {
    if (width < MIN_PREVIEW_WIDTH || width > MAX_PREVIEW_WIDTH) {
      throw InputError.of('width', `must be ${MIN_PREVIEW_WIDTH} to ${MAX_PREVIEW_WIDTH} pixels`);
    }
    return ctx.services.certificatePreviews
      .png(preview.pdf, width)
      .then((png) => png.toString('base64'));
  }
}
