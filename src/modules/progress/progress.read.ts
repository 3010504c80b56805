import type { Context } from '../../server/context';
import { canManage, canReadLearner, requireViewer } from '../../shared/access';
import { loadAll } from '../../shared/dataloaders';
import { forbidden, InputError } from '../../shared/errors';
import type { Credential } from '../credentials/credential.entity';
import { type CredentialProgress, toCredentialProgress } from './credential-progress.type';

export interface ProgressArgs {
  learnerId?: string | null;
  courseId?: string | null;
  learningPathId?: string | null;
}

type ReadContext = Pick<Context, 'viewer' | 'loaders'>;

/**
 * A learner's progress towards every enabled configuration of one course or path.
 * Learners read themselves, staff their contexts, admins everyone. Every
 * configuration of every call in one request is evaluated in one batch.
 */
export async function readCredentialProgress(
  ctx: ReadContext,
  args: ProgressArgs,
): Promise<CredentialProgress[]> {
  const viewer = requireViewer(ctx.viewer);
  const courseId = args.courseId || null;
  const learningPathId = args.learningPathId || null;
  if (Boolean(courseId) === Boolean(learningPathId)) {
    throw InputError.of('courseId', 'give exactly one of courseId and learningPathId');
  }
  const learnerId = args.learnerId ?? viewer.learnerId;
  if (!learnerId) throw InputError.of('learnerId', 'is required when the token names no learner');
  if (!canReadLearner(viewer, learnerId, { courseId, learningPathId })) {
    throw forbidden('Only the learner, staff of this course or path and admins may read this');
  }
  const configurations = courseId
    ? await ctx.loaders.configurationsByCourse.load(courseId)
    : await ctx.loaders.configurationsByPath.load(learningPathId!);
  const enabled = configurations.filter((configuration) => configuration.enabled);
  const evaluations = await Promise.all(
    enabled.map((configuration) => ctx.loaders.evaluation.load({ learnerId, configuration })),
  );
  return enabled.map((configuration, i) =>
    toCredentialProgress(learnerId, configuration, evaluations[i]),
  );
}

/** A learner's credentials, newest first: all of them for the learner and admins, staff see their contexts'. */
export async function readLearnerCredentials(
  ctx: ReadContext,
  learnerId: string,
): Promise<Credential[]> {
  const viewer = requireViewer(ctx.viewer);
  const ownOrAdmin = viewer.isAdmin || viewer.learnerId === learnerId;
  if (!ownOrAdmin && viewer.staffCourses.size === 0 && viewer.staffPaths.size === 0) {
    throw forbidden("Only the learner, staff and admins may read a learner's credentials");
  }
  const credentials = await ctx.loaders.credentialsByLearner.load(learnerId);
  if (ownOrAdmin) return credentials;
  const configurations = await loadAll(
    ctx.loaders.configuration,
    credentials.map((credential) => credential.configuration.id),
  );
  return credentials.filter((_credential, i) => {
    const configuration = configurations[i];
    return (
      configuration !== null &&
      canManage(viewer, {
        courseId: configuration.course?.id,
        learningPathId: configuration.learningPath?.id,
      })
    );
  });
}
