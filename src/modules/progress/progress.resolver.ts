import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../server/context';
import { requireIngest } from '../../shared/access';
import { Course } from '../catalog';
import { Credential } from '../credentials';
import { CredentialProgress, StepProgress } from './credential-progress.type';
import { ProgressBatchInput, ProgressBatchResult } from './progress.inputs';
import { readCredentialProgress } from './progress.read';

@ArgsType()
export class ProgressContextArgs {
  @Field(() => ID, { nullable: true, description: 'Exactly one of courseId / learningPathId.' })
  courseId?: string | null;

  @Field(() => ID, { nullable: true })
  learningPathId?: string | null;
}

@ArgsType()
export class LearnerProgressArgs extends ProgressContextArgs {
  @Field(() => ID, { nullable: true, description: 'Defaults to the caller.' })
  learnerId?: string | null;
}

@Resolver(() => CredentialProgress)
export class ProgressResolver {
  @Mutation(() => ProgressBatchResult, {
    description:
      'Records enrollments, completions and scores (ingest role or admin). The batch is rejected whole when any fact is invalid; older facts never overwrite newer ones.',
  })
  async recordProgress(
    @Arg('input', () => ProgressBatchInput) input: ProgressBatchInput,
    @Ctx() ctx: Context,
  ): Promise<ProgressBatchResult> {
    requireIngest(ctx.viewer);
    const { accepted, ignoredAsStale, affectedLearners } =
      await ctx.services.ingest.recordProgress(input);
    return { accepted, ignoredAsStale, affectedLearners };
  }

  @Query(() => [CredentialProgress], {
    description: "A learner's progress towards each enabled credential of a course or path.",
  })
  learnerProgress(
    @Args(() => LearnerProgressArgs) args: LearnerProgressArgs,
    @Ctx() ctx: Context,
  ): Promise<CredentialProgress[]> {
    return readCredentialProgress(ctx, args);
  }

  @FieldResolver(() => Credential, {
    nullable: true,
    description: 'The current credential (pending, generating, available or failed), if any.',
  })
  credential(
    @Root() progress: CredentialProgress,
    @Ctx() ctx: Context,
  ): Promise<Credential | null> {
    return ctx.loaders.liveCredential.load({
      learnerId: progress.learnerId,
      configurationId: progress.configuration.id,
    });
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description:
      "The configuration's availability date while it is ahead: eligible learners receive the credential then. Null once it has passed, or without one.",
  })
  availableFrom(@Root() progress: CredentialProgress, @Ctx() ctx: Context): Date | null {
    return pendingRelease(progress, ctx.services.clock.now());
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'What the learner should know beyond the numbers, in one sentence: "Eligible, available on 2027-01-15T09:00:00.000Z." while the credential waits for its availability date; null when there is nothing to add.',
  })
  explanation(@Root() progress: CredentialProgress, @Ctx() ctx: Context): string | null {
    const release = pendingRelease(progress, ctx.services.clock.now());
    if (progress.eligible && release) {
      return `Eligible, available on ${release.toISOString()}.`;
    }
    return null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The learner's enrollment mode in the course as the platform told it (Open edX: audit, verified, …); null for paths or when unknown.",
  })
  enrollmentMode(
    @Root() progress: CredentialProgress,
    @Ctx() ctx: Context,
  ): Promise<string | null> {
    const courseId = progress.configuration.course?.id;
    if (!courseId) return Promise.resolve(null);
    return ctx.loaders.enrollmentMode.load({ learnerId: progress.learnerId, courseId });
  }
}

/** The configuration's availability date when it is still ahead of `now`. */
function pendingRelease(progress: CredentialProgress, now: Date): Date | null {
  const at = progress.configuration.availableFrom;
  return at && at.getTime() > now.getTime() ? at : null;
}

@Resolver(() => StepProgress)
export class StepProgressResolver {
  @FieldResolver(() => Course)
  async course(@Root() step: StepProgress, @Ctx() ctx: Context): Promise<Course> {
    const course = await ctx.loaders.course.load(step.courseId);
    if (!course) throw new Error(`Step course ${step.courseId} is missing`);
    return course;
  }
}
