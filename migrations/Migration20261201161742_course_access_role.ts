import { Migration } from '@mikro-orm/migrations';

export class Migration20261201161742_course_access_role extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "course_access_role" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" text not null, "org" text not null, "course_id" text null, "role" text not null, "active" boolean not null, "occurred_at" timestamptz not null, constraint "course_access_role_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create unique index "course_access_role_course_unique" on "course_access_role" ("user_id", "org", "course_id", "role") where "course_id" is not null;`,
    );
    this.addSql(
      `create unique index "course_access_role_org_unique" on "course_access_role" ("user_id", "org", "role") where "course_id" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "course_access_role" cascade;`);
  }
}
