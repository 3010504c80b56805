import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../server/context';
import {
  type ContextRef,
  mayReadLearner,
  requireAdmin,
  requireManage,
  requireViewer,
} from '../../shared/access';
import { forbidden, InputError, notFound } from '../../shared/errors';
import { checkThrough } from '../progress';
import { contextOf } from './configuration.resolver';
import { Credential } from './credential.entity';
import { BulkIssueResult } from './issuance.types';

/** Context (course or path) of a configuration, or NOT_FOUND. */
async function configurationContext(ctx: Context, configurationId: string) {
  const configuration = await ctx.loaders.configuration.load(configurationId);
  if (!configuration) throw notFound('Credential configuration', configurationId);
  return contextOf(configuration);
}

/** The caller manages the context and may read the learner there (mayReadLearner). */
async function requireManageLearner(
  ctx: Context,
  learnerId: string,
  context: ContextRef,
): Promise<void> {
  const viewer = requireManage(ctx.viewer, context);
  const enrolledInPath = checkThrough(ctx.loaders.pathEnrollment);
  if (!(await mayReadLearner(viewer, learnerId, context, enrolledInPath))) {
    throw forbidden("A path's staff act only on learners enrolled in the path");
  }
}

/** The caller is signed in and manages the credential's context; NOT_FOUND for no credential. */
async function requireManageCredential(ctx: Context, id: string): Promise<void> {
  requireViewer(ctx.viewer);
  const credential = await ctx.loaders.credential.load(id);
  if (!credential) throw notFound('Credential', id);
  const context = await configurationContext(ctx, credential.configuration.id);
  await requireManageLearner(ctx, credential.learner.id, context);
}

@Resolver(() => Credential)
export class IssuanceResolver {
  @Mutation(() => Credential, {
    description:
      "Issues one learner's credential (staff of its context, admins), or returns the live one. An ineligible learner, or one whose credential was invalidated or revoked, is refused unless an admin passes force.",
  })
  async issueCredential(
    @Arg('configurationId', () => ID) configurationId: string,
    @Arg('learnerId', () => ID) learnerId: string,
    @Arg('force', () => Boolean, { defaultValue: false }) force: boolean,
    @Ctx() ctx: Context,
  ): Promise<Credential> {
    requireViewer(ctx.viewer);
    await requireManageLearner(ctx, learnerId, await configurationContext(ctx, configurationId));
    if (force) requireAdmin(ctx.viewer);
    return ctx.services.issuance.issue(configurationId, learnerId, { force });
  }

  @Mutation(() => BulkIssueResult, {
    description: 'Issues the credential to every eligible learner who has none (staff, admins).',
  })
  async issueCredentials(
    @Arg('configurationId', () => ID) configurationId: string,
    @Ctx() ctx: Context,
  ): Promise<BulkIssueResult> {
    requireViewer(ctx.viewer);
    requireManage(ctx.viewer, await configurationContext(ctx, configurationId));
    return ctx.services.issuance.issueAll(configurationId);
  }

  @Mutation(() => Credential, {
    description:
      'The caller claims their own credential, where the configuration allows claims and they are eligible.',
  })
  async claimCredential(
    @Arg('configurationId', () => ID) configurationId: string,
    @Ctx() ctx: Context,
  ): Promise<Credential> {
    const viewer = requireViewer(ctx.viewer);
    if (!viewer.learnerId) throw InputError.of('configurationId', 'the token names no learner');
    return ctx.services.issuance.claim(configurationId, viewer.learnerId);
  }

  @Mutation(() => Credential, {
    description:
      'Replaces an AVAILABLE credential (e.g. after a name correction): it becomes INVALIDATED with the reason, and the new one is returned (PENDING).',
  })
  async reissueCredential(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<Credential> {
    await requireManageCredential(ctx, id);
    return ctx.services.issuance.reissue(id, reason);
  }

  @Mutation(() => Credential, { description: 'Withdraws a credential for good, with the reason.' })
  async revokeCredential(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<Credential> {
    await requireManageCredential(ctx, id);
    return ctx.services.issuance.revoke(id, reason);
  }

  @Mutation(() => Credential, {
    description:
      "Makes the caller's own credential public (anyone with its link may see and download it, and shared links preview it) or private again. Admins may only make one private.",
  })
  async setCredentialVisibility(
    @Arg('id', () => ID) id: string,
    @Arg('public', () => Boolean) isPublic: boolean,
    @Ctx() ctx: Context,
  ): Promise<Credential> {
    const viewer = requireViewer(ctx.viewer);
    const credential = await ctx.loaders.credential.load(id);
    if (!credential) throw notFound('Credential', id);
    const own = viewer.learnerId !== null && viewer.learnerId === credential.learner.id;
    if (!own && !(viewer.isAdmin && !isPublic)) {
      throw forbidden('Only its learner may make a credential public');
    }
    return ctx.services.issuance.setVisibility(id, isPublic);
  }

  @Mutation(() => Credential, {
    description: 'Queues a failed (ERROR) or stuck PENDING credential for generation again.',
  })
  async retryCredential(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Credential> {
    await requireManageCredential(ctx, id);
    return ctx.services.issuance.retry(id);
  }
}
