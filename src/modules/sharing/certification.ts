import { CredentialStatus, type Credential, type CredentialConfiguration } from '../credentials';
import { certificationName, type LinkedInCertification } from './linkedin';

/** The certification of an AVAILABLE credential; null for any other status. */
export function linkedInCertificationOf(
  credential: Credential,
  configuration: CredentialConfiguration,
  organizationName: string,
  publicUrl: string,
): LinkedInCertification | null {
  if (credential.status !== CredentialStatus.AVAILABLE || credential.issuedAt === null) return null;
  return {
    name: certificationName(
      credential.configurationName,
      credential.contextTitle,
      configuration.titleOverride,
    ),
    organizationName,
    issuedAt: credential.issuedAt,
    expiresAt: credential.expiresAt,
    certUrl: `${publicUrl}/verify/${credential.verificationId}`,
    certId: credential.verificationId,
  };
}
