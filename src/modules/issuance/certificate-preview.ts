import type { EntityManager } from '@mikro-orm/postgresql';
import { pdfPagePng } from '../../shared/raster';
import {
  type CertificateFacts,
  type CertificateInputDeps,
  certificateRenderInput,
  TemplateAssets,
} from './certificate-input';
import type { OrganizationSource } from './generate-credential';
import type { RenderedCredential } from './pdf';
import { stampWatermark } from './pdf/watermark';
import type { Renderer } from './render-pool';
import type { ObjectStorage } from './storage';

/** The verification id a preview prints: no credential has it, none is consumed. */
export const PREVIEW_VERIFICATION_ID = '00000000-0000-0000-0000-000000000000';

export const PREVIEW_WATERMARK = 'PREVIEW';

/** What a preview is dated and numbered; by default today (UTC) and the preview id. */
export interface PreviewIssue {
  issuedAt: Date;
  verificationId: string;
}

export interface CertificatePreviewDeps {
  storage: ObjectStorage;
  publicUrl: string;
  organizationOf?: OrganizationSource;
  /** The issuer's renderer (the render pool), made on first use in processes without one. */
  renderer: () => Renderer;
}

/** The start of the UTC day: a preview is the same all day, for the same input. */
export function previewDate(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * Certificates rendered exactly as issuance renders them (the same input builder, the same
 * renderer), with a PREVIEW stamp appended and nothing stored.
 */
export class CertificatePreviews {
  private readonly input: CertificateInputDeps;

  constructor(private readonly deps: CertificatePreviewDeps) {
    this.input = {
      publicUrl: deps.publicUrl,
      organizationOf: deps.organizationOf,
      loadAsset: new TemplateAssets(deps.storage).load,
    };
  }

  /** The stamped PDF of `facts`. */
  async pdf(
    em: EntityManager,
    facts: CertificateFacts,
    issue: PreviewIssue = { issuedAt: previewDate(), verificationId: PREVIEW_VERIFICATION_ID },
  ): Promise<Uint8Array> {
    return (await this.render(em, facts, issue)).pdf;
  }

  /** The stamped PDF of `facts` and where its template elements were drawn. */
  async render(
    em: EntityManager,
    facts: CertificateFacts,
    issue: PreviewIssue = { issuedAt: previewDate(), verificationId: PREVIEW_VERIFICATION_ID },
  ): Promise<RenderedCredential> {
    const input = await certificateRenderInput(em, this.input, facts, issue);
    const rendered = await this.deps.renderer().renderWithLayout(input);
    // The stamp draws over the pages; it moves nothing the layout reports.
    const pdf = await stampWatermark(rendered.pdf, { text: PREVIEW_WATERMARK });
    return { pdf, layout: rendered.layout };
  }

  /** Page `page` (1-based) of a PDF as a PNG `width` pixels wide. */
  png(pdf: Uint8Array, width: number, page = 1): Promise<Buffer> {
    return pdfPagePng(pdf, width, page);
  }
}
