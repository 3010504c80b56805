import { Migration } from '@mikro-orm/migrations';

export class Migration20261201172114_issuer_identity extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "organization_profile" ("key" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text null, "url" text null, "email" text null, "description" text null, "logo_asset_id" text null, constraint "organization_profile_pkey" primary key ("key"));`,
    );
    this.addSql(
      `alter table "credential_configuration" add column "signatories" jsonb not null default '[]', add column "title_override" text null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "credential_configuration" drop column "signatories", drop column "title_override";`,
    );
    this.addSql(`drop table if exists "organization_profile" cascade;`);
  }
}
