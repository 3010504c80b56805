import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Credential } from '../../credentials/credential.entity';
import { Timestamps } from '../../../shared/timestamps';
import { EmailKind, EmailStatus } from './email-kind';

/**
 * One e-mail to a learner about one credential. The unique (credential, kind) makes every
 * kind of e-mail go out at most once per credential, whatever triggers it how often.
 */
@Entity({ tableName: 'email_notification' })
@Unique({ name: 'email_notification_credential_kind_unique', properties: ['credential', 'kind'] })
@Index({ name: 'email_notification_status_index', properties: ['status'] })
export class EmailNotification extends Timestamps {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Credential, { deleteRule: 'cascade' })
  credential!: Credential;

  @Enum({ items: () => EmailKind })
  kind!: EmailKind;

  @Enum({ items: () => EmailStatus })
  status: EmailStatus = EmailStatus.PENDING;

  /** The address it went to (the learner's when it was sent). */
  @Property({ type: 'text', nullable: true })
  recipient: string | null = null;

  @Property({ type: 'text', nullable: true })
  locale: string | null = null;

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  /** Why the last attempt failed, or why it was skipped. */
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  /** The SMTP server's message id. */
  @Property({ type: 'text', nullable: true })
  messageId: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;
}
