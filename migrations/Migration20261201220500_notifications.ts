import { Migration } from '@mikro-orm/migrations';

export class Migration20261201220500_notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "email_notification" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "credential_id" uuid not null, "kind" text check ("kind" in ('ISSUED', 'EXPIRING', 'REVOKED')) not null, "status" text check ("status" in ('PENDING', 'SENDING', 'SENT', 'FAILED', 'SKIPPED')) not null default 'PENDING', "recipient" text null, "locale" text null, "attempts" int not null default 0, "last_error" text null, "message_id" text null, "sent_at" timestamptz null, constraint "email_notification_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "email_notification_status_index" on "email_notification" ("status");`,
    );
    this.addSql(
      `alter table "email_notification" add constraint "email_notification_credential_kind_unique" unique ("credential_id", "kind");`,
    );

    this.addSql(
      `create table "webhook_endpoint" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "url" text not null, "events" text[] not null, "description" text null, "secret" text not null, constraint "webhook_endpoint_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "webhook_delivery" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "endpoint_id" uuid not null, "message_id" text not null, "event_type" text not null, "credential_id" text not null, "body" text not null, "status" text check ("status" in ('PENDING', 'DELIVERED', 'FAILED')) not null default 'PENDING', "attempt_count" int not null default 0, "attempts" jsonb not null default '[]', "delivered_at" timestamptz null, constraint "webhook_delivery_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_delivery_endpoint_created_index" on "webhook_delivery" ("endpoint_id", "created_at");`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_message_unique" unique ("endpoint_id", "message_id");`,
    );

    this.addSql(
      `alter table "email_notification" add constraint "email_notification_credential_id_foreign" foreign key ("credential_id") references "credential" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoint" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "webhook_delivery" drop constraint "webhook_delivery_endpoint_id_foreign";`,
    );

    this.addSql(`drop table if exists "email_notification" cascade;`);

    this.addSql(`drop table if exists "webhook_endpoint" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
  }
}
