import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { CredentialProgress } from '../progress';
import { LmsGrade } from './connector.types';

@Resolver(() => CredentialProgress)
export class LmsGradeResolver {
  @FieldResolver(() => LmsGrade, {
    nullable: true,
    description:
      "The course grade the LMS computed, beside Laurel's own (requirements); courses only, null until the LMS sends one.",
  })
  async lmsGrade(
    @Root() progress: CredentialProgress,
    @Ctx() ctx: Context,
  ): Promise<LmsGrade | null> {
    const courseId = progress.configuration.course?.id;
    if (!courseId) return null;
    const grade = await ctx.loaders.lmsGrade.load({ learnerId: progress.learnerId, courseId });
    return grade && { ...grade, passed: grade.passedAt !== null };
  }
}
