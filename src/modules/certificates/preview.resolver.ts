import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { previewPath } from './preview.http';
import { DEFAULT_PREVIEW_WIDTH, MAX_PREVIEW_WIDTH, MIN_PREVIEW_WIDTH } from './preview.service';
import { PlacedTemplateElement } from './placed-element.type';
import { CertificatePreview, PreviewPage } from './preview.type';

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
      rendered: preview,
      pages: preview.layout.pages.map((page, index) =>
        Object.assign(new PreviewPage(), { number: index + 1, ...page }),
      ),
      pageWidth: preview.layout.pages[0]?.width ?? 0,
      pageHeight: preview.layout.pages[0]?.height ?? 0,
      pageCount: preview.layout.pages.length,
      elements: preview.layout.elements.map((element) =>
        Object.assign(new PlacedTemplateElement(), element),
      ),
    });
  }

  @FieldResolver(() => String, { description: 'A page (default 1) as a PNG, base64-encoded.' })
  pngBase64(
    @Root() preview: CertificatePreview,
    @Arg('width', () => Int, {
      defaultValue: DEFAULT_PREVIEW_WIDTH,
      description: `Pixels, ${MIN_PREVIEW_WIDTH} to ${MAX_PREVIEW_WIDTH}.`,
    })
    width: number,
    @Arg('page', () => Int, { defaultValue: 1, description: '1 to pageCount.' })
    page: number,
    @Ctx() ctx: Context,
  ): Promise<string> {
    return ctx.services.certificatePreviews
      .png(preview.rendered, width, page)
      .then((png) => png.toString('base64'));
  }
}
