import type { EntityManager } from '@mikro-orm/postgresql';
import { mayReadLearner, type Viewer } from '../../shared/access';
import type { ResponseCode } from '../../shared/error-response';
import { isUuid } from '../../shared/keys';
import { Credential, CredentialConfiguration, CredentialStatus } from '../credentials';
import { pathEnrollmentCheck } from '../progress';

export interface CredentialFiles {
  credential: Credential;
  configuration: CredentialConfiguration;
}

export type FileAccess =
  | { granted: true; files: CredentialFiles }
  | { granted: false; code: ResponseCode; message: string };

/**
 * The one check in front of every file of a credential (PDF, Open Badge JSON, badge images),
 * found by its id or its public verification id: anyone may fetch those of an AVAILABLE
 * credential its learner made public; otherwise the learner, staff of its context and admins.
 * Withdrawn credentials answer GONE to those who may see them.
 */
export async function credentialFileAccess(
  em: EntityManager,
  viewer: Viewer | null,
  idOrVerificationId: string,
): Promise<FileAccess> {
  const credential = isUuid(idOrVerificationId)
    ? await em.findOne(Credential, {
        $or: [{ id: idOrVerificationId }, { verificationId: idOrVerificationId }],
      })
    : null;
  const configuration =
    credential && (await em.findOne(CredentialConfiguration, { id: credential.configuration.id }));
  if (!credential || !configuration) {
    return { granted: false, code: 'NOT_FOUND', message: 'No such credential' };
  }
  const published = credential.isPublic && credential.status === CredentialStatus.AVAILABLE;
  if (!published) {
    if (!viewer) {
      return {
        granted: false,
        code: 'UNAUTHENTICATED',
        message: 'A valid bearer token is required',
      };
    }
    const context = {
      courseId: configuration.course?.id ?? null,
      learningPathId: configuration.learningPath?.id ?? null,
    };
    if (!(await mayReadLearner(viewer, credential.learner.id, context, pathEnrollmentCheck(em)))) {
      return {
        granted: false,
        code: 'FORBIDDEN',
        message: 'Only the learner, staff of its context and admins may download this credential',
      };
    }
  }
  if (
    credential.status === CredentialStatus.REVOKED ||
    credential.status === CredentialStatus.INVALIDATED
  ) {
    return {
      granted: false,
      code: 'GONE',
      message: `This credential was ${credential.status.toLowerCase()}`,
    };
  }
  // An expired credential stays its holder's record (the PDF prints its expiry).
  if (
    credential.status !== CredentialStatus.AVAILABLE &&
    credential.status !== CredentialStatus.EXPIRED
  ) {
    return { granted: false, code: 'NOT_FOUND', message: 'The credential is not available yet' };
  }
  return { granted: true, files: { credential, configuration } };
}
