import type { EntityManager } from '@mikro-orm/postgresql';
import type { IssuerLoaders } from './issuers.loaders';
import { OrganizationProfileRow } from './organization-profile.entity';
import type { OrganizationProfile } from './organization.type';
import { contextKey, INSTANCE_KEY, type IssuerContext, mergeProfiles } from './profile-keys';

/** The profile that applies to a context: both rows come from one batched query. */
export async function effectiveProfile(
  loaders: IssuerLoaders,
  context: IssuerContext,
): Promise<OrganizationProfile> {
  const key = contextKey(context);
  const [instance, override] = await Promise.all([
    loaders.organizationProfileRow.load(INSTANCE_KEY),
    key === null ? null : loaders.organizationProfileRow.load(key),
  ]);
  return mergeProfiles(instance, override);
}

/** The same outside a request (issuance): one query. */
export async function loadEffectiveProfile(
  em: EntityManager,
  context: IssuerContext,
): Promise<OrganizationProfile> {
  const key = contextKey(context);
  const rows = await em.find(OrganizationProfileRow, {
    key: { $in: key === null ? [INSTANCE_KEY] : [INSTANCE_KEY, key] },
  });
  const byKey = (k: string | null) => rows.find((row) => row.key === k) ?? null;
  return mergeProfiles(byKey(INSTANCE_KEY), byKey(key));
}
