import {
  ORGANIZATION_FIELDS,
  type OrganizationFields,
  type OrganizationProfile,
} from './organization.type';

/** Keys of organization_profile rows. */
export const INSTANCE_KEY = 'instance';
export const courseKey = (courseId: string): string => `course:${courseId}`;
export const learningPathKey = (learningPathId: string): string =>
  `learning_path:${learningPathId}`;

export interface IssuerContext {
  courseId?: string | null;
  learningPathId?: string | null;
}

/** The override row's key for a context, or null for none. */
export function contextKey(context: IssuerContext): string | null {
  if (context.courseId) return courseKey(context.courseId);
  if (context.learningPathId) return learningPathKey(context.learningPathId);
  return null;
}

export const EMPTY_PROFILE: Readonly<OrganizationFields> = Object.freeze({
  name: null,
  url: null,
  email: null,
  description: null,
  logoAssetId: null,
});

/** The instance profile with each field the override sets replaced. */
export function mergeProfiles(
  instance: OrganizationFields | null,
  override: OrganizationFields | null,
): OrganizationProfile {
  const merged = { ...EMPTY_PROFILE };
  for (const field of ORGANIZATION_FIELDS) {
    merged[field] = override?.[field] ?? instance?.[field] ?? null;
  }
  return merged;
}
