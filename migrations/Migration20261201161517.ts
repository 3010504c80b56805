import { Migration } from '@mikro-orm/migrations';

export class Migration20261201161517 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "openedx_import" ("course_id" text not null, "phase" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "cursor" text null, "done" boolean not null default false, "note" text null, constraint "openedx_import_pkey" primary key ("course_id", "phase"));`,
    );

    this.addSql(`alter table "credential_configuration" add column "managed_by" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "openedx_import" cascade;`);

    this.addSql(`alter table "credential_configuration" drop column "managed_by";`);
  }
}
