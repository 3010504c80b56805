import { ArgsType, Field, ID, ObjectType } from 'type-graphql';
import { CredentialEventType } from '../../shared/events';

@ObjectType({ description: 'Something the issuer pipeline did to a credential.' })
export class CredentialEvent {
  @Field(() => CredentialEventType)
  type!: CredentialEventType;

  @Field(() => Date)
  at!: Date;

  /** Resolved to `credential` through the credential DataLoader. */
  credentialId!: string;
}

@ArgsType()
export class CredentialEventsArgs {
  @Field(() => ID, { nullable: true, description: 'Events of credentials on this course.' })
  courseId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Events of credentials on this path.' })
  learningPathId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Events of this configuration only.' })
  configurationId?: string | null;
}
