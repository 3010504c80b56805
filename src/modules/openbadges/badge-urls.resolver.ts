import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../server/context';
import { Credential, CredentialStatus } from '../credentials';

const WHO =
  'Its learner, staff of its context and admins may download it; anyone once the learner made the credential public.';

/** Absolute download URLs of a credential's Open Badge files, from PUBLIC_URL. */
@Resolver(() => Credential)
export class BadgeUrlsResolver {
  private url(credential: Credential, ctx: Context, file: string): string | null {
    if (credential.status !== CredentialStatus.AVAILABLE) return null;
    return `${ctx.config.publicUrl}/credentials/${credential.verificationId}/${file}`;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `The signed Open Badges 3.0 JSON, once AVAILABLE. ${WHO}`,
  })
  openBadgeUrl(@Root() credential: Credential, @Ctx() ctx: Context): string | null {
    return this.url(credential, ctx, 'open-badge.json');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `The badge (or a certificate's first page) as PNG with the credential baked in, once AVAILABLE. ${WHO}`,
  })
  badgePngUrl(@Root() credential: Credential, @Ctx() ctx: Context): string | null {
    return this.url(credential, ctx, 'badge.png');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `The same as SVG with the credential baked in, once AVAILABLE. ${WHO}`,
  })
  badgeSvgUrl(@Root() credential: Credential, @Ctx() ctx: Context): string | null {
    return this.url(credential, ctx, 'badge.svg');
  }
}
