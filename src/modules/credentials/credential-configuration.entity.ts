import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Course } from '../catalog/course.entity';
import { LearningPath } from '../catalog/learning-path.entity';
import { JSONScalar } from '../../shared/scalars';
import { Timestamps } from '../../shared/timestamps';
import { CredentialKind } from './credential.enums';
import { Requirement, StepOverride } from './requirement.type';
import { Signatory } from './signatory.type';

@Directive('@key(fields: "id")')
@ObjectType({
  description: 'A credential offered on one course or one learning path, with its rule.',
})
@Entity({ tableName: 'credential_configuration' })
@Check({
  name: 'credential_configuration_one_context_check',
  expression: '(course_id is null) <> (learning_path_id is null)',
})
@Index({ properties: ['course'] })
@Index({ properties: ['learningPath'] })
export class CredentialConfiguration extends Timestamps {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => CredentialKind)
  @Enum({ items: () => CredentialKind, default: CredentialKind.CERTIFICATE })
  kind: CredentialKind = CredentialKind.CERTIFICATE;

  @ManyToOne(() => Course, { nullable: true, deleteRule: 'restrict' })
  course: Course | null = null;

  @ManyToOne(() => LearningPath, { nullable: true, deleteRule: 'restrict' })
  learningPath: LearningPath | null = null;

  @Field(() => Int, { description: 'Higher is more distinguished.' })
  @Property({ type: 'integer', default: 0 })
  tier: number = 0;

  @Field(() => [Requirement])
  @Property({ type: 'jsonb' })
  requirements: Requirement[] = [];

  @Field(() => [StepOverride])
  @Property({ type: 'jsonb', default: '[]' })
  stepOverrides: StepOverride[] = [];

  @Field()
  @Property({ type: 'boolean', default: true })
  autoIssue: boolean = true;

  @Field()
  @Property({ type: 'boolean', default: false })
  allowClaim: boolean = false;

  @Field()
  @Property({ type: 'boolean', default: true })
  enabled: boolean = true;

  @Field({
    description:
      'BCP 47 locale of the certificate: its phrases (en, es, fr, de, pt, it, ar, he, hi, zh-Hans, ja, ko, ru, uk, tr, pl; others fall back to English, ar and he are laid out right to left) and its date.',
  })
  @Property({ type: 'text', default: 'en' })
  locale: string = 'en';

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'PDF template; null = built-in default.',
  })
  @Property({ type: 'jsonb', nullable: true })
  template: Record<string, unknown> | null = null;

  @Field(() => JSONScalar, {
    description:
      'The built-in certificate\'s phrases in this configuration\'s own wording: ICU MessageFormat texts by message key (e.g. {"intro": "We proudly certify that"}); {} = the catalog\'s wording for the locale.',
  })
  @Property({ type: 'jsonb', default: '{}' })
  certificateMessages: Record<string, string> = {};

  @Field(() => [Signatory], { description: 'Up to four, printed in this order.' })
  @Property({ type: 'jsonb', default: '[]' })
  signatories: Signatory[] = [];

  @Field(() => String, {
    nullable: true,
    description:
      'The course or path title printed on the certificate instead of its own (a shorter one); null = its own.',
  })
  @Property({ type: 'text', nullable: true })
  titleOverride: string | null = null;

  @Field(() => String, {
    nullable: true,
    description:
      'How long a credential stays valid after issue, as an ISO-8601 duration (P2Y, P18M, P90D); null = it does not expire.',
  })
  @Property({ type: 'text', nullable: true })
  validFor: string | null = null;

  @Field(() => Date, {
    nullable: true,
    description:
      'Course configurations: after this moment no credential is issued to a learner enrolled in the audit mode (checked when a credential would be issued; credentials issued before stay). Null = no cut-off.',
  })
  @Property({ type: 'timestamptz', nullable: true })
  auditCutoffDate: Date | null = null;

  @Field(() => String, {
    nullable: true,
    description:
      'BADGE: slug of an uploaded SVG or PNG used as the badge image (an SVG may carry {{achievementName}}, {{organizationName}}, {{contextTitle}}, {{learnerName}}, {{issuedOn}}); null = a generated default.',
  })
  @Property({ type: 'text', nullable: true })
  badgeTemplateAssetId: string | null = null;

  @Field(() => String, {
    nullable: true,
    description:
      'Set while a connector keeps this configuration in step with its source (e.g. "openedx-learning-paths"); null once an admin edits it.',
  })
  @Property({ type: 'text', nullable: true })
  managedBy: string | null = null;
}
