/**
 * LinkedIn's "Add to profile" link for a certification
 * (https://addtoprofile.linkedin.com): the member lands on a pre-filled form.
 */
export const LINKEDIN_ADD_TO_PROFILE = 'https://www.linkedin.com/profile/add';

export interface LinkedInCertification {
  name: string;
  organizationName: string;
  issuedAt: Date;
  /** Only a credential that expires carries expiration fields. */
  expiresAt: Date | null;
  /** The public verification page. */
  certUrl: string;
  certId: string;
}

/** Every value percent-encoded (spaces as %20, which LinkedIn's form decodes; `+` it keeps). */
export function linkedInAddToProfileUrl(certification: LinkedInCertification): string {
  const { name, organizationName, issuedAt, expiresAt, certUrl, certId } = certification;
  const fields: [string, string | number][] = [
    ['startTask', 'CERTIFICATION_NAME'],
    ['name', name],
    ['organizationName', organizationName],
    ['issueYear', issuedAt.getUTCFullYear()],
    ['issueMonth', issuedAt.getUTCMonth() + 1],
  ];
  if (expiresAt !== null) {
    fields.push(['expirationYear', expiresAt.getUTCFullYear()]);
    fields.push(['expirationMonth', expiresAt.getUTCMonth() + 1]);
  }
  fields.push(['certUrl', certUrl], ['certId', certId]);
  const query = fields
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${LINKEDIN_ADD_TO_PROFILE}?${query}`;
}

/** The name a profile lists: the credential's name and the course or path title it prints. */
export function certificationName(
  configurationName: string,
  contextTitle: string,
  titleOverride: string | null,
): string {
  return `${configurationName}: ${titleOverride ?? contextTitle}`;
}
