import { Migration } from '@mikro-orm/migrations';

export class Migration20261201190000_status_lists extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "status_list" ("id" uuid not null default gen_random_uuid(), "purpose" text not null, "size" int not null, "bits" bytea not null, "allocated" int not null default 0, "credential" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "status_list_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "status_list_open_idx" on "status_list" ("purpose", "created_at");`);

    this.addSql(
      `create table "status_list_entry" ("credential_id" uuid not null, "list_id" uuid not null, "list_index" int not null, "created_at" timestamptz not null default now(), constraint "status_list_entry_pkey" primary key ("credential_id"));`,
    );
    this.addSql(
      `alter table "status_list_entry" add constraint "status_list_entry_list_index_unique" unique ("list_id", "list_index");`,
    );

    this.addSql(
      `alter table "status_list_entry" add constraint "status_list_entry_credential_id_foreign" foreign key ("credential_id") references "credential" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "status_list_entry" add constraint "status_list_entry_list_id_foreign" foreign key ("list_id") references "status_list" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "status_list_entry" cascade;`);
    this.addSql(`drop table if exists "status_list" cascade;`);
  }
}
