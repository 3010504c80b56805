import type { Context } from '../../server/context';
import { hasStaffRole, mayReadLearner, requireViewer } from '../../shared/access';
import { loadAll } from '../../shared/dataloaders';
import { forbidden, InputError } from '../../shared/errors';
import type { Credential } from '../credentials';
import { type CredentialProgress, toCredentialProgress } from './credential-progress.type';
import { checkThrough } from './path-enrollment';

export interface ProgressArgs {
  learnerId?: string | null;
  courseId?: string | null;
  learningPathId?: string | null;
}

type ReadContext = Pick<Context, 'viewer' | 'loaders'>;

/**
 * A learner's progress towards every enabled configuration of one course or path.
 * Learners read themselves, staff their contexts (a path's staff its enrolled learners),
 * admins everyone (see mayReadLearner). The stored evaluations of every call in one
 * request are read in one statement; pairs without one are evaluated in one batch.
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
  const enrolledInPath = checkThrough(ctx.loaders.pathEnrollment);
  if (!(await mayReadLearner(viewer, learnerId, { courseId, learningPathId }, enrolledInPath))) {
    throw forbidden('Only the learner, staff of this course or path and admins may read this');
  }
  const stored = await ctx.loaders.storedProgress.load({ learnerId, courseId, learningPathId });
  return Promise.all(
    stored.map(async ({ configuration, evaluation }) =>
      toCredentialProgress(
        learnerId,
        configuration,
        evaluation ?? (await ctx.loaders.evaluation.load({ learnerId, configuration })),
      ),
    ),
  );
}

/** A learner's credentials, newest first: all of them for the learner and admins, staff see their contexts'. */
export async function readLearnerCredentials(
  ctx: ReadContext,
  learnerId: string,
): Promise<Credential[]> {
  const viewer = requireViewer(ctx.viewer);
  const ownOrAdmin = viewer.isAdmin || viewer.learnerId === learnerId;
  if (!ownOrAdmin && !hasStaffRole(viewer)) {
    throw forbidden("Only the learner, staff and admins may read a learner's credentials");
  }
  const credentials = await ctx.loaders.credentialsByLearner.load(learnerId);
  if (ownOrAdmin) return credentials;
  const configurations = await loadAll(
    ctx.loaders.configuration,
    credentials.map((credential) => credential.configuration.id),
  );
  const enrolledInPath = checkThrough(ctx.loaders.pathEnrollment);
  const readable = await Promise.all(
    configurations.map(
      (configuration) =>
        configuration !== null &&
        mayReadLearner(
          viewer,
          learnerId,
          {
            courseId: configuration.course?.id,
            learningPathId: configuration.learningPath?.id,
          },
          enrolledInPath,
        ),
    ),
  );
  return credentials.filter((_credential, i) => readable[i]);
}
