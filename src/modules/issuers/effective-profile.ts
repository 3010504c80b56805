import type { EntityManager } from '@mikro-orm/postgresql';
import type { IssuerLoaders } from './issuers.loaders';
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
  const rows = await em.getConnection().execute<
    {
      key: string;
      name: string | null;
      url: string | null;
      email: string | null;
      description: string | null;
      logo_asset_id: string | null;
    }[]
  >('select key, name, url, email, description, logo_asset_id from organization_profile where key in (?, ?)', [INSTANCE_KEY, key ?? INSTANCE_KEY]);
  const fields = (k: string | null) => {
    const row = rows.find((r) => r.key === k);
    return row ? { ...row, logoAssetId: row.logo_asset_id } : null;
  };
  return mergeProfiles(fields(INSTANCE_KEY), fields(key));
}
