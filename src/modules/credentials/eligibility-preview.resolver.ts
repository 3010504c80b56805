import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { requireManage } from '../../shared/access';
import { InputError } from '../../shared/errors';
import { CredentialConfigurationInput } from './configuration.inputs';
import { MAX_PREVIEW_SAMPLE } from './eligibility-preview.service';
import { EligibilityPreview, EligibilityPreviewLearner } from './eligibility-preview.type';

@Resolver(() => EligibilityPreview)
export class EligibilityPreviewResolver {
  @Query(() => EligibilityPreview, {
    description:
      "Read-only what-if: how many enrolled learners of the configuration's course/path would qualify now.",
  })
  previewEligibility(
    @Arg('input', () => CredentialConfigurationInput) input: CredentialConfigurationInput,
    @Ctx() ctx: Context,
  ): Promise<EligibilityPreview> {
    requireManage(ctx.viewer, { courseId: input.courseId, learningPathId: input.learningPathId });
    return ctx.services.eligibilityPreview.preview(input);
  }

  @FieldResolver(() => [EligibilityPreviewLearner], {
    description: `Up to \`size\` (default 10, max ${MAX_PREVIEW_SAMPLE}) learners, qualifying ones first.`,
  })
  sample(
    @Root() preview: EligibilityPreview,
    @Arg('size', () => Int, { nullable: true, defaultValue: 10 }) size: number | null,
  ): EligibilityPreviewLearner[] {
    const count = size ?? 10;
    if (count < 0 || count > MAX_PREVIEW_SAMPLE) {
      throw InputError.of('size', `must be an integer from 0 to ${MAX_PREVIEW_SAMPLE}`);
    }
    return preview.ranked.slice(0, count);
  }
}
