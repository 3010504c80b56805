import type { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader } from '../../shared/dataloaders';
import { Learner } from './learner.entity';
import { enrollmentModeLoader } from './enrollment-mode';
import { learnerContextsLoader } from './learner-context';
import { pathEnrollmentLoader } from './path-enrollment';
import { storedProgressLoader } from './stored-progress';

export function progressLoaders(em: EntityManager) {
  return {
    learner: byKeyLoader(
      (ids: readonly string[]) => em.find(Learner, { id: { $in: [...ids] } }),
      (learner) => learner.id,
    ),
    /** Whether a learner has an enrollment (active or not) in a path. */
    pathEnrollment: pathEnrollmentLoader(em),
    storedProgress: storedProgressLoader(em),
    enrollmentMode: enrollmentModeLoader(em),
    /** Each learner's courses and paths (active or not). */
    learnerContexts: learnerContextsLoader(em),
  };
}
