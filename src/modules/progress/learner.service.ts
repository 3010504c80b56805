import type { EntityManager } from '@mikro-orm/postgresql';
import { assertNoProblems, type FieldProblem } from '../../shared/errors';
import { OPAQUE_ID } from '../../shared/keys';
import { checkPattern, checkText } from '../../shared/validation';
import type { LearnerInput } from './learner.input';
import { Learner } from './learner.entity';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class LearnerService {
  constructor(private readonly em: EntityManager) {}

  async upsertLearner(input: LearnerInput): Promise<Learner> {
    const problems: FieldProblem[] = [];
    checkPattern(problems, 'id', input.id, OPAQUE_ID, 'a non-empty id without spaces');
    checkText(problems, 'name', input.name);
    if (input.username != null) checkText(problems, 'username', input.username, 150);
    if (input.email != null && (!EMAIL.test(input.email) || input.email.length > 254)) {
      problems.push({ field: 'email', message: 'must be an email address' });
    }
    assertNoProblems(problems);
    return this.em.transactional((em) =>
      em.upsert(Learner, {
        id: input.id,
        name: input.name.trim(),
        username: input.username ?? null,
        email: input.email ?? null,
        updatedAt: new Date(),
      }),
    );
  }
}
