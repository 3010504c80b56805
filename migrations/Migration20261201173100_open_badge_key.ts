import { Migration } from '@mikro-orm/migrations';

export class Migration20261201173100_open_badge_key extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "open_badge_key" ("public_key_multibase" text not null, "first_used_at" timestamptz not null default now(), constraint "open_badge_key_pkey" primary key ("public_key_multibase"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "open_badge_key" cascade;`);
  }
}
