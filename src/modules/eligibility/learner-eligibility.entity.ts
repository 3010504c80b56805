import { Check, Entity, Index, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { CredentialConfiguration } from '../credentials/credential-configuration.entity';
import { Learner } from '../progress/learner.entity';
import { Timestamps } from '../../shared/timestamps';
import type { Evaluation } from './types';

/**
 * One (learner, configuration) pair with an enrollment in the configuration's context.
 * `eligible` and `progress` are what progress ingest last reported to its listeners
 * (the issuer acts on the rows that became eligible); `evaluation` is the current
 * answer, kept exact by ingest and by every change of rules (configurations, course
 * blocks, items and policy, path steps), and `learnerProgress` is served from it.
 */
@Entity({ tableName: 'learner_eligibility' })
@Index({ properties: ['configuration', 'eligible'] })
@Check({
  name: 'learner_eligibility_progress_check',
  expression: 'progress >= (0)::double precision and progress <= (1)::double precision',
})
export class LearnerEligibility extends Timestamps {
  [PrimaryKeyProp]?: ['learner', 'configuration'];

  @ManyToOne(() => Learner, { primary: true, deleteRule: 'cascade' })
  learner!: Learner;

  @ManyToOne(() => CredentialConfiguration, { primary: true, deleteRule: 'cascade' })
  configuration!: CredentialConfiguration;

  @Property({ type: 'boolean' })
  eligible!: boolean;

  @Property({ columnType: 'double precision', type: 'double' })
  progress!: number;

  /**
   * The full evaluation (requirements, steps, enrolled); null on rows written before
   * it was stored, which readers then evaluate afresh.
   */
  @Property({ type: 'json', nullable: true })
  evaluation!: Evaluation | null;

  /** When `eligible` or `progress` last changed. */
  @Property({ type: 'timestamptz' })
  changedAt!: Date;
}
