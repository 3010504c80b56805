import { Check, Entity, Index, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { CredentialConfiguration } from '../credentials/credential-configuration.entity';
import { Learner } from '../progress/learner.entity';
import { Timestamps } from '../../shared/timestamps';

/**
 * The last evaluation of one (learner, configuration) pair written by progress
 * ingest. A row changes only when `eligible` or `progress` does; the issuer acts
 * on the rows that became eligible.
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

  /** When `eligible` or `progress` last changed. */
  @Property({ type: 'timestamptz' })
  changedAt!: Date;
}
