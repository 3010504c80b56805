/**
 * The files a credential is taken out of Laurel as, beside its PDF: the signed Open Badge
 * JSON, and its image as PNG and SVG (a badge's picture, or a certificate's first page).
 * Rendered PNGs are kept in the object storage, so each is drawn once.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { svgToPng } from '../../shared/raster';
import { Course, LearningPath } from '../catalog';
import type { CredentialConfiguration } from '../credentials';
import { Asset, certificatePageImage, type CredentialFiles, type ObjectStorage } from '../issuance';
import { loadEffectiveProfile } from '../issuers';
import { Learner } from '../progress';
import {
  BADGE_SIZE,
  type BadgeFields,
  defaultBadgeSvg,
  fillPlaceholders,
  pngSize,
  svgWrappingPng,
  withDefaultFont,
} from './badge-image';
import type { JsonObject } from './open-badge';
import type { OpenBadgeService } from './open-badge.service';

export interface BadgeImage {
  png: Buffer;
  svg: string;
}

const sha256 = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex');

const contextOf = (configuration: CredentialConfiguration) => ({
  courseId: configuration.course?.id ?? null,
  learningPathId: configuration.learningPath?.id ?? null,
});

export class BadgeFiles {
  constructor(
    private readonly em: EntityManager,
    private readonly storage: ObjectStorage,
    private readonly openBadges: OpenBadgeService,
  ) {}

  /** The signed credential (the caller has checked access with `credentialFileAccess`). */
  async openBadge({ credential, configuration }: CredentialFiles): Promise<JsonObject> {
    const [learner, organization] = await Promise.all([
      this.em.findOne(Learner, { id: credential.learner.id }, { fields: ['email'] }),
      loadEffectiveProfile(this.em, contextOf(configuration)),
    ]);
    const signed = await this.openBadges.openBadgeOf(
      credential,
      configuration,
      learner?.email ?? null,
      organization,
    );
    if (!signed) throw new Error(`Credential ${credential.id} is not AVAILABLE`);
    return signed;
  }

  /** The credential's image, not yet baked: the badge, or the certificate's first page. */
  async credentialImage({ credential, configuration }: CredentialFiles): Promise<BadgeImage> {
    if (configuration.kind === 'CERTIFICATE' && credential.storageKey) {
      const png = await certificatePageImage(this.storage, {
        id: credential.id,
        storageKey: credential.storageKey,
        sha256: credential.sha256,
      });
      const { width, height } = pngSize(png);
      return { png, svg: svgWrappingPng(png, width, height, credential.configurationName) };
    }
    return this.badgeImage(configuration, {
      achievementName: credential.configurationName,
      organizationName: await this.organizationName(configuration),
      contextTitle: credential.contextTitle,
      learnerName: credential.learnerName,
      issuedOn: credential.issuedAt?.toISOString().slice(0, 10) ?? '',
    });
  }

  /** The configuration's own image: its badge with the learner's fields empty. */
  async achievementImage(configuration: CredentialConfiguration): Promise<BadgeImage> {
    return this.badgeImage(configuration, {
      achievementName: configuration.name,
      organizationName: await this.organizationName(configuration),
      contextTitle: await this.contextTitle(configuration),
      learnerName: '',
      issuedOn: '',
    });
  }

  /** The configuration's public `Achievement` JSON. */
  async achievement(configuration: CredentialConfiguration): Promise<JsonObject> {
    return this.openBadges.achievementOf(configuration, await this.contextTitle(configuration));
  }

  private async badgeImage(
    configuration: CredentialConfiguration,
    fields: BadgeFields,
  ): Promise<BadgeImage> {
    const template = configuration.badgeTemplateAssetId
      ? await this.em.findOne(Asset, { slug: configuration.badgeTemplateAssetId })
      : null;
    if (template?.contentType === 'image/png') {
      const png = Buffer.from(await this.storage.get(template.storageKey));
      const { width, height } = pngSize(png);
      return { png, svg: svgWrappingPng(png, width, height, fields.achievementName) };
    }
    const svg = template
      ? withDefaultFont(
          fillPlaceholders(
            Buffer.from(await this.storage.get(template.storageKey)).toString('utf8'),
            fields,
          ),
        )
      : defaultBadgeSvg(fields);
    return { png: await this.renderedSvg(svg), svg };
  }

  /** The PNG of an SVG, drawn once and then read from storage (keyed by the SVG's hash). */
  private async renderedSvg(svg: string): Promise<Buffer> {
    return this.stored(`badge-images/${sha256(svg)}.png`, () => svgToPng(svg, BADGE_SIZE));
  }

  private async stored(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    if (await this.storage.exists(key)) return Buffer.from(await this.storage.get(key));
    const png = await render();
    await this.storage.put(key, png, 'image/png');
    return png;
  }

  private async organizationName(configuration: CredentialConfiguration): Promise<string> {
    const profile = await loadEffectiveProfile(this.em, contextOf(configuration));
    return profile.name ?? this.openBadges.defaultIssuerName;
  }

  private async contextTitle(configuration: CredentialConfiguration): Promise<string> {
    const { courseId, learningPathId } = contextOf(configuration);
    const context = courseId
      ? await this.em.findOne(Course, { id: courseId }, { fields: ['title'] })
      : await this.em.findOne(LearningPath, { id: learningPathId! }, { fields: ['title'] });
    return context?.title ?? '';
  }
}
