import { Migration } from '@mikro-orm/migrations';

export class Migration20261201080926 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create unlogged table "rate_limit_window" ("key" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "window_start" timestamptz not null, "hits" int not null, constraint "rate_limit_window_pkey" primary key ("key"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit_window" cascade;`);
  }
}
