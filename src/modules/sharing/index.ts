export { SharingResolver } from './sharing.resolver';
export {
  certificationName,
  LINKEDIN_ADD_TO_PROFILE,
  linkedInAddToProfileUrl,
  type LinkedInCertification,
} from './linkedin';
export { linkedInCertificationOf } from './certification';
