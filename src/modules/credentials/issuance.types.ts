import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../shared/connection.type';
import { PageArgs } from '../../shared/page.args';
import { Credential } from './credential.entity';
import { CredentialStatus } from './credential.enums';

@InputType({ description: 'Every given field must match; status matches any of the list.' })
export class CredentialFilter {
  @Field(() => ID, { nullable: true })
  learnerId?: string | null;

  @Field(() => ID, { nullable: true })
  configurationId?: string | null;

  @Field(() => ID, { nullable: true })
  courseId?: string | null;

  @Field(() => ID, { nullable: true })
  learningPathId?: string | null;

  @Field(() => [CredentialStatus], { nullable: true })
  status?: CredentialStatus[] | null;
}

@ArgsType()
export class CredentialsArgs extends PageArgs {
  @Field(() => CredentialFilter, { nullable: true })
  filter?: CredentialFilter | null;
}

export const CredentialConnection = Connection('Credential', Credential);

@ObjectType({ description: 'What issueCredentials did.' })
export class BulkIssueResult {
  @Field(() => Int, { description: 'Learners eligible now.' })
  eligible!: number;

  @Field(() => Int, { description: 'Credentials created by this call (PENDING, then generated).' })
  issued!: number;

  @Field(() => Int, { description: 'Eligible learners who already held a live credential.' })
  alreadyHeld!: number;

  @Field(() => Int, {
    description:
      'Eligible learners whose credential was invalidated or revoked: never issued again automatically.',
  })
  withdrawn!: number;
}
