import { checkThrough } from '../modules/progress';
import { mayReadLearner, requireViewer } from '../shared/access';
import type { Context } from './context';

type Reference = { id: string };

/** `_entities` resolution for every @key type; each batches through a request DataLoader. */
export const referenceResolvers = {
  Course: {
    __resolveReference: (ref: Reference, ctx: Context) => {
      requireViewer(ctx.viewer);
      return ctx.loaders.course.load(ref.id);
    },
  },
  LearningPath: {
    __resolveReference: (ref: Reference, ctx: Context) => {
      requireViewer(ctx.viewer);
      return ctx.loaders.learningPath.load(ref.id);
    },
  },
  CredentialConfiguration: {
    __resolveReference: (ref: Reference, ctx: Context) => {
      requireViewer(ctx.viewer);
      return ctx.loaders.configuration.load(ref.id);
    },
  },
  Credential: {
    __resolveReference: async (ref: Reference, ctx: Context) => {
      const viewer = requireViewer(ctx.viewer);
      const credential = await ctx.loaders.credential.load(ref.id);
      if (!credential) return null;
      const config = await ctx.loaders.configuration.load(credential.configuration.id);
      const context = { courseId: config?.course?.id, learningPathId: config?.learningPath?.id };
      const enrolledInPath = checkThrough(ctx.loaders.pathEnrollment);
      return (await mayReadLearner(viewer, credential.learner.id, context, enrolledInPath))
        ? credential
        : null;
    },
  },
  User: {
    __resolveReference: (ref: Reference) => ({ id: ref.id }),
  },
};
