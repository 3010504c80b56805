import { Migration } from '@mikro-orm/migrations';

export class Migration20261201161000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "connector_failure" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "stream" text not null, "entry_id" text not null, "message_id" text null, "event_type" text null, "reason" text not null, "event_data" bytea null, "fields" jsonb not null, "first_seen_at" timestamptz not null, "last_seen_at" timestamptz not null, "attempts" int not null default 1, "resolved_at" timestamptz null, constraint "connector_failure_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "connector_failure_unresolved_index" on "connector_failure" ("resolved_at", "id");`,
    );
    this.addSql(
      `alter table "connector_failure" add constraint "connector_failure_stream_message_unique" unique ("stream", "entry_id");`,
    );

    this.addSql(
      `create table "connector_message" ("id" text not null, "stream" text not null, "event_type" text not null, "handled_at" timestamptz not null default now(), constraint "connector_message_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "connector_message_handled_at_index" on "connector_message" ("handled_at");`,
    );

    this.addSql(
      `create table "connector_stream" ("stream" text not null, "consumer_group" text not null, "processed" bigint not null default '0', "parked" bigint not null default '0', "last_event_at" timestamptz null, "updated_at" timestamptz not null default now(), constraint "connector_stream_pkey" primary key ("stream", "consumer_group"));`,
    );

    this.addSql(
      `create table "lms_course_grade" ("learner_id" text not null, "course_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "percent" double precision not null, "letter_grade" text not null, "passed_at" timestamptz null, "occurred_at" timestamptz not null, constraint "lms_course_grade_pkey" primary key ("learner_id", "course_id"), constraint lms_course_grade_percent_check check (percent >= (0)::double precision and percent <= (1)::double precision));`,
    );

    this.addSql(
      `alter table "lms_course_grade" add constraint "lms_course_grade_learner_id_foreign" foreign key ("learner_id") references "learner" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "lms_course_grade" add constraint "lms_course_grade_course_id_foreign" foreign key ("course_id") references "course" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "enrollment" add column "mode" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "connector_failure" cascade;`);

    this.addSql(`drop table if exists "connector_message" cascade;`);

    this.addSql(`drop table if exists "connector_stream" cascade;`);

    this.addSql(`drop table if exists "lms_course_grade" cascade;`);

    this.addSql(`alter table "enrollment" drop column "mode";`);
  }
}
