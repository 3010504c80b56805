import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { requireViewer } from '../../shared/access';
import { toConnection } from '../../shared/connection.type';
import { CredentialConfiguration } from './credential-configuration.entity';
import { Credential } from './credential.entity';
import { credentialErrorFor } from './credential-error';
import { credentialPosition, listCredentials } from './credential-list';
import { contextOf } from './configuration.resolver';
import { CredentialConnection, CredentialsArgs } from './issuance.types';
import { readableCredential } from './readable-credential';

@Resolver(() => Credential)
export class CredentialResolver {
  @Query(() => Credential, {
    nullable: true,
    description: 'Readable by its learner, staff of its context and admins.',
  })
  async credential(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<Credential | null> {
    requireViewer(ctx.viewer);
    const credential = await ctx.loaders.credential.load(id);
    return credential && (await readableCredential(credential, ctx)) ? credential : null;
  }

  @Query(() => CredentialConnection, {
    description:
      'Credentials newest first: learners see their own, staff those of their contexts, admins all.',
  })
  async credentials(@Args(() => CredentialsArgs) args: CredentialsArgs, @Ctx() ctx: Context) {
    const viewer = requireViewer(ctx.viewer);
    const page = await listCredentials(
      ctx.em,
      viewer,
      args.filter ?? {},
      args.toRequest(ctx.config.maxPageSize),
    );
    return toConnection(page, credentialPosition);
  }

  @FieldResolver(() => ID)
  learnerId(@Root() credential: Credential): string {
    return credential.learner.id;
  }

  @FieldResolver(() => CredentialConfiguration)
  async configuration(
    @Root() credential: Credential,
    @Ctx() ctx: Context,
  ): Promise<CredentialConfiguration> {
    return (await ctx.loaders.configuration.load(credential.configuration.id))!;
  }

  @FieldResolver(() => String, {
    description: 'Public page where anyone can verify this credential.',
  })
  verificationUrl(@Root() credential: Credential, @Ctx() ctx: Context): string {
    return `${ctx.config.publicUrl}/verify/${credential.verificationId}`;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Download link of the PDF once AVAILABLE.',
  })
  downloadUrl(@Root() credential: Credential, @Ctx() ctx: Context): string | null {
    return credential.storageKey
      ? `${ctx.config.publicUrl}/credentials/${credential.id}/pdf`
      : null;
  }

  @FieldResolver(() => String, {
    name: 'error',
    nullable: true,
    description:
      'Why the last generation failed: the detail for admins and staff of the context, a short public reason for the learner.',
  })
  async lastError(@Root() credential: Credential, @Ctx() ctx: Context): Promise<string | null> {
    if (credential.lastError === null) return null;
    const config = await ctx.loaders.configuration.load(credential.configuration.id);
    const context = config ? contextOf(config) : { courseId: null, learningPathId: null };
    return credentialErrorFor(credential.lastError, ctx.viewer, context);
  }

  @FieldResolver(() => Credential, { nullable: true })
  supersededBy(
    @Root() credential: Credential,
    @Ctx() ctx: Context,
  ): Promise<Credential | null> | null {
    return credential.supersededBy ? ctx.loaders.credential.load(credential.supersededBy.id) : null;
  }

  @FieldResolver(() => Credential, {
    nullable: true,
    description: 'The expired credential this one renews.',
  })
  renews(@Root() credential: Credential, @Ctx() ctx: Context): Promise<Credential | null> | null {
    return credential.renews ? ctx.loaders.credential.load(credential.renews.id) : null;
  }

  @FieldResolver(() => Credential, {
    nullable: true,
    description: 'The credential that renews this expired one.',
  })
  renewedBy(@Root() credential: Credential, @Ctx() ctx: Context): Promise<Credential | null> {
    return ctx.loaders.renewedBy.load(credential.id);
  }
}
