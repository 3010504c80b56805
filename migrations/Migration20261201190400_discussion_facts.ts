import { Migration } from '@mikro-orm/migrations';

export class Migration20261201190400_discussion_facts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "discussion_post" ("learner_id" text not null, "post_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "course_id" text not null, "post_kind" text check ("post_kind" in ('thread', 'response', 'comment')) not null, "deleted" boolean null, "flagged" boolean null, "responses_received" int null, "parent_author_id" text null, "posted_at" timestamptz not null, "occurred_at" timestamptz not null, constraint "discussion_post_pkey" primary key ("learner_id", "post_id"), constraint discussion_post_responses_received_check check (responses_received >= 0));`,
    );
    this.addSql(
      `create index "discussion_post_parent_author_index" on "discussion_post" ("course_id", "parent_author_id");`,
    );
    this.addSql(
      `create index "discussion_post_course_id_learner_id_index" on "discussion_post" ("course_id", "learner_id");`,
    );

    this.addSql(
      `alter table "discussion_post" add constraint "discussion_post_learner_id_foreign" foreign key ("learner_id") references "learner" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "discussion_post" add constraint "discussion_post_course_id_foreign" foreign key ("course_id") references "course" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "discussion_post" cascade;`);
  }
}
