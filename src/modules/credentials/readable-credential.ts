import type { Context } from '../../server/context';
import { type ContextRef, mayReadLearner } from '../../shared/access';
import { checkThrough } from '../progress';
import type { CredentialConfiguration } from './credential-configuration.entity';
import type { Credential } from './credential.entity';
import { contextOf } from './configuration.resolver';

export interface ReadableCredential {
  configuration: CredentialConfiguration;
  context: ContextRef;
}

/**
 * The credential's configuration and context when the caller may read it (its learner,
 * staff of its context, admins); null otherwise. Through the request's loaders.
 */
export async function readableCredential(
  credential: Credential,
  ctx: Context,
): Promise<ReadableCredential | null> {
  const viewer = ctx.viewer;
  if (!viewer) return null;
  const configuration = await ctx.loaders.configuration.load(credential.configuration.id);
  if (!configuration) return null;
  const context = contextOf(configuration);
  const enrolledInPath = checkThrough(ctx.loaders.pathEnrollment);
  return (await mayReadLearner(viewer, credential.learner.id, context, enrolledInPath))
    ? { configuration, context }
    : null;
}
