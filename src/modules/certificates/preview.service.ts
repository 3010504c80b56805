import type { EntityManager } from '@mikro-orm/postgresql';
import { requireManage, requireViewer, type Viewer } from '../../shared/access';
import { assertNoProblems, type FieldProblem, InputError, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/keys';
import { clientKey, RateLimitedError, type RateLimiter } from '../../shared/rate-limit';
import { checkLanguage, checkText } from '../../shared/validation';
import { CredentialConfiguration } from '../credentials';
import {
  type CertificateFacts,
  type CertificatePreviews,
  type CredentialLayout,
  PREVIEW_VERIFICATION_ID,
  previewDate,
  type PreviewIssue,
  TemplateError,
  UnrenderableTextError,
} from '../issuance';

/** As long as a learner's name may be (learner.service.ts). */
export const MAX_PREVIEW_NAME = 500;
export const DEFAULT_PREVIEW_WIDTH = 1200;
export const MIN_PREVIEW_WIDTH = 100;
export const MAX_PREVIEW_WIDTH = 2400;

export interface PreviewRequest {
  configurationId: string;
  learnerName: string;
  /** BCP 47; absent: the configuration's own locale. */
  locale?: string | null;
}

export interface PreviewDeps {
  previews: CertificatePreviews;
  /** PREVIEW_RATE_LIMIT per caller; null = unlimited. */
  limiter: RateLimiter | null;
}

/** Who is asking, as the rate limit counts them: the token's subject, else the address. */
export interface PreviewCaller {
  viewer: Viewer | null;
  clientAddress: string | null;
}

export interface RenderedPreview {
  configurationId: string;
  learnerName: string;
  locale: string;
  issuedAt: Date;
  verificationId: string;
  pdf: Uint8Array;
  /** Page sizes and where each template element was drawn, in points. */
  layout: CredentialLayout;
}

/**
 * Certificate previews, for the GraphQL query and the HTTP route alike: one check (the rights
 * of editing the configuration, then the input, then the caller's budget), then the render
 * issuance would make with a PREVIEW stamp. Nothing is written but the rate-limit count.
 */
export class CertificatePreviewService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: PreviewDeps | undefined,
  ) {}

  async preview(
    caller: PreviewCaller,
    request: PreviewRequest,
    issue?: PreviewIssue,
  ): Promise<RenderedPreview> {
    const facts = await this.authorize(caller, request);
    if (!this.deps) throw new Error('Certificate previews are not set up in this process');
    const when = issue ?? { issuedAt: previewDate(), verificationId: PREVIEW_VERIFICATION_ID };
    const rendered = await this.deps.previews
      .render(this.em, facts, when)
      .catch((error: unknown) => {
        // The configuration's template names a font or PDF that is not there (any more).
        if (error instanceof TemplateError) throw InputError.of(error.field, error.message);
        // A character of the name (or the wording) that no font can show.
        if (error instanceof UnrenderableTextError)
          throw InputError.of('learnerName', error.message);
        throw error;
      });
    return {
      configurationId: request.configurationId,
      learnerName: facts.learnerName,
      locale: facts.locale,
      ...when,
      pdf: rendered.pdf,
      layout: rendered.layout,
    };
  }

  /** A page of a preview as a PNG; `width` and `page` are checked here for both transports. */
  png(preview: RenderedPreview, width: number, page = 1): Promise<Buffer> {
    if (!this.deps) throw new Error('Certificate previews are not set up in this process');
    if (!Number.isInteger(width) || width < MIN_PREVIEW_WIDTH || width > MAX_PREVIEW_WIDTH) {
      throw InputError.of('width', `must be ${MIN_PREVIEW_WIDTH} to ${MAX_PREVIEW_WIDTH} pixels`);
    }
    const pages = preview.layout.pages.length;
    if (!Number.isInteger(page) || page < 1 || page > pages) {
      throw InputError.of('page', `must be 1 to ${pages}: the certificate has ${pages} page(s)`);
    }
    return this.deps.previews.png(preview.pdf, width, page);
  }

  /** The one check of both transports; the facts to render when it passes. */
  private async authorize(
    caller: PreviewCaller,
    request: PreviewRequest,
  ): Promise<CertificateFacts> {
    const viewer = requireViewer(caller.viewer);
    const learnerName = typeof request.learnerName === 'string' ? request.learnerName.trim() : '';
    const problems: FieldProblem[] = [];
    checkText(problems, 'learnerName', learnerName, MAX_PREVIEW_NAME);
    if (request.locale != null) checkLanguage(problems, 'locale', request.locale);
    assertNoProblems(problems);
    const configuration = isUuid(request.configurationId)
      ? await this.em.findOne(
          CredentialConfiguration,
          { id: request.configurationId },
          { populate: ['course', 'learningPath'] },
        )
      : null;
    if (!configuration) throw notFound('Credential configuration', request.configurationId);
    const context = {
      courseId: configuration.course?.id ?? null,
      learningPathId: configuration.learningPath?.id ?? null,
    };
    requireManage(viewer, context);
    await this.spend(viewer, caller.clientAddress);
    return {
      learnerName,
      contextTitle: configuration.course?.title ?? configuration.learningPath?.title ?? '',
      configurationName: configuration.name,
      ...context,
      locale: request.locale ?? configuration.locale,
      template: configuration.template,
      titleOverride: configuration.titleOverride,
      signatories: configuration.signatories,
      tier: configuration.tier,
      kind: configuration.kind,
      certificateMessages: configuration.certificateMessages,
      // A name, not a learner: nothing achieved to tell.
      evaluation: null,
    };
  }

  private async spend(viewer: Viewer, clientAddress: string | null): Promise<void> {
    const key = viewer.learnerId ? `sub:${viewer.learnerId}` : clientKey(clientAddress);
    const decision = await this.deps?.limiter?.hit(key);
    if (decision && !decision.allowed) {
      throw new RateLimitedError(decision.retryAfterSeconds, 'certificate previews');
    }
  }
}
