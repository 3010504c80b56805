import { Migration } from '@mikro-orm/migrations';

export class Migration20261123110933 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "asset" ("slug" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "content_type" text not null, "size" int not null, "sha256" text not null, "storage_key" text not null, constraint "asset_pkey" primary key ("slug"));`,
    );

    this.addSql(
      `create table "course" ("id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title" text not null, "language" text not null default 'en', "grading_policy" jsonb not null, constraint "course_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "content_block" ("id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "course_id" text not null, "optional" boolean not null default false, "position" int not null, constraint "content_block_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "content_block_course_id_position_index" on "content_block" ("course_id", "position");`,
    );

    this.addSql(
      `create table "graded_item" ("id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "course_id" text not null, "assignment_type" text not null, "possible_points" double precision not null, "position" int not null, constraint "graded_item_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "graded_item_course_id_position_index" on "graded_item" ("course_id", "position");`,
    );

    this.addSql(
      `create table "learner" ("id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "username" text null, "email" text null, constraint "learner_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "item_score" ("learner_id" text not null, "item_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "course_id" text not null, "earned" double precision not null, "occurred_at" timestamptz not null, constraint "item_score_pkey" primary key ("learner_id", "item_id"), constraint item_score_earned_check check (earned >= 0));`,
    );
    this.addSql(
      `create index "item_score_course_id_learner_id_index" on "item_score" ("course_id", "learner_id");`,
    );

    this.addSql(
      `create table "block_completion" ("learner_id" text not null, "block_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "course_id" text not null, "completion" double precision not null, "occurred_at" timestamptz not null, constraint "block_completion_pkey" primary key ("learner_id", "block_id"), constraint block_completion_range_check check (completion >= 0 and completion <= 1));`,
    );
    this.addSql(
      `create index "block_completion_course_id_learner_id_index" on "block_completion" ("course_id", "learner_id");`,
    );

    this.addSql(
      `create table "learning_path" ("id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title" text not null, constraint "learning_path_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "enrollment" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "learner_id" text not null, "course_id" text null, "learning_path_id" text null, "active" boolean not null, "occurred_at" timestamptz not null, constraint "enrollment_pkey" primary key ("id"), constraint enrollment_one_context_check check ((course_id is null) <> (learning_path_id is null)));`,
    );
    this.addSql(`create index "enrollment_path_index" on "enrollment" ("learning_path_id");`);
    this.addSql(`create index "enrollment_course_index" on "enrollment" ("course_id");`);
    this.addSql(
      `create unique index "enrollment_learner_path_unique" on "enrollment" ("learner_id", "learning_path_id") where "learning_path_id" is not null;`,
    );
    this.addSql(
      `create unique index "enrollment_learner_course_unique" on "enrollment" ("learner_id", "course_id") where "course_id" is not null;`,
    );

    this.addSql(
      `create table "credential_configuration" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "kind" text check ("kind" in ('CERTIFICATE', 'BADGE')) not null default 'CERTIFICATE', "course_id" text null, "learning_path_id" text null, "tier" int not null default 0, "requirements" jsonb not null, "step_overrides" jsonb not null default '[]', "auto_issue" boolean not null default true, "allow_claim" boolean not null default false, "enabled" boolean not null default true, "locale" text not null default 'en', "template" jsonb null, constraint "credential_configuration_pkey" primary key ("id"), constraint credential_configuration_one_context_check check ((course_id is null) <> (learning_path_id is null)));`,
    );
    this.addSql(
      `create index "credential_configuration_learning_path_id_index" on "credential_configuration" ("learning_path_id");`,
    );
    this.addSql(
      `create index "credential_configuration_course_id_index" on "credential_configuration" ("course_id");`,
    );

    this.addSql(
      `create table "credential" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "verification_id" uuid not null, "learner_id" text not null, "configuration_id" uuid not null, "learner_name" text not null, "context_title" text not null, "configuration_name" text not null, "status" text check ("status" in ('PENDING', 'GENERATING', 'AVAILABLE', 'ERROR', 'INVALIDATED', 'REVOKED')) not null default 'PENDING', "issued_at" timestamptz null, "storage_key" text null, "sha256" text null, "signature" text null, "attempts" int not null default 0, "last_error" text null, "invalidated_at" timestamptz null, "revoked_at" timestamptz null, "reason" text null, "superseded_by_id" uuid null, constraint "credential_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "credential" add constraint "credential_verification_id_unique" unique ("verification_id");`,
    );
    this.addSql(`create index "credential_learner_id_index" on "credential" ("learner_id");`);
    this.addSql(
      `create index "credential_configuration_id_status_index" on "credential" ("configuration_id", "status");`,
    );
    this.addSql(
      `create unique index "credential_one_live_per_learner" on "credential" ("learner_id", "configuration_id") where "status" in ('PENDING', 'GENERATING', 'AVAILABLE', 'ERROR');`,
    );

    this.addSql(
      `create table "learning_path_step" ("learning_path_id" text not null, "position" int not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "course_id" text not null, constraint "learning_path_step_pkey" primary key ("learning_path_id", "position"));`,
    );
    this.addSql(
      `create index "learning_path_step_course_id_index" on "learning_path_step" ("course_id");`,
    );
    this.addSql(
      `alter table "learning_path_step" add constraint "learning_path_step_learning_path_id_course_id_unique" unique ("learning_path_id", "course_id");`,
    );

    this.addSql(
      `alter table "content_block" add constraint "content_block_course_id_foreign" foreign key ("course_id") references "course" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "graded_item" add constraint "graded_item_course_id_foreign" foreign key ("course_id") references "course" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "item_score" add constraint "item_score_learner_id_foreign" foreign key ("learner_id") references "learner" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "item_score" add constraint "item_score_item_id_foreign" foreign key ("item_id") references "graded_item" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "item_score" add constraint "item_score_course_id_foreign" foreign key ("course_id") references "course" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "block_completion" add constraint "block_completion_learner_id_foreign" foreign key ("learner_id") references "learner" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "block_completion" add constraint "block_completion_block_id_foreign" foreign key ("block_id") references "content_block" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "block_completion" add constraint "block_completion_course_id_foreign" foreign key ("course_id") references "course" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "enrollment" add constraint "enrollment_learner_id_foreign" foreign key ("learner_id") references "learner" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "enrollment" add constraint "enrollment_course_id_foreign" foreign key ("course_id") references "course" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "enrollment" add constraint "enrollment_learning_path_id_foreign" foreign key ("learning_path_id") references "learning_path" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "credential_configuration" add constraint "credential_configuration_course_id_foreign" foreign key ("course_id") references "course" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "credential_configuration" add constraint "credential_configuration_learning_path_id_foreign" foreign key ("learning_path_id") references "learning_path" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "credential" add constraint "credential_learner_id_foreign" foreign key ("learner_id") references "learner" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "credential" add constraint "credential_configuration_id_foreign" foreign key ("configuration_id") references "credential_configuration" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "credential" add constraint "credential_superseded_by_id_foreign" foreign key ("superseded_by_id") references "credential" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "learning_path_step" add constraint "learning_path_step_learning_path_id_foreign" foreign key ("learning_path_id") references "learning_path" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "learning_path_step" add constraint "learning_path_step_course_id_foreign" foreign key ("course_id") references "course" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "content_block" drop constraint "content_block_course_id_foreign";`);

    this.addSql(`alter table "graded_item" drop constraint "graded_item_course_id_foreign";`);

    this.addSql(`alter table "item_score" drop constraint "item_score_course_id_foreign";`);

    this.addSql(
      `alter table "block_completion" drop constraint "block_completion_course_id_foreign";`,
    );

    this.addSql(`alter table "enrollment" drop constraint "enrollment_course_id_foreign";`);

    this.addSql(
      `alter table "credential_configuration" drop constraint "credential_configuration_course_id_foreign";`,
    );

    this.addSql(
      `alter table "learning_path_step" drop constraint "learning_path_step_course_id_foreign";`,
    );

    this.addSql(
      `alter table "block_completion" drop constraint "block_completion_block_id_foreign";`,
    );

    this.addSql(`alter table "item_score" drop constraint "item_score_item_id_foreign";`);

    this.addSql(`alter table "item_score" drop constraint "item_score_learner_id_foreign";`);

    this.addSql(
      `alter table "block_completion" drop constraint "block_completion_learner_id_foreign";`,
    );

    this.addSql(`alter table "enrollment" drop constraint "enrollment_learner_id_foreign";`);

    this.addSql(`alter table "credential" drop constraint "credential_learner_id_foreign";`);

    this.addSql(`alter table "enrollment" drop constraint "enrollment_learning_path_id_foreign";`);

    this.addSql(
      `alter table "credential_configuration" drop constraint "credential_configuration_learning_path_id_foreign";`,
    );

    this.addSql(
      `alter table "learning_path_step" drop constraint "learning_path_step_learning_path_id_foreign";`,
    );

    this.addSql(`alter table "credential" drop constraint "credential_configuration_id_foreign";`);

    this.addSql(`alter table "credential" drop constraint "credential_superseded_by_id_foreign";`);

    this.addSql(`drop table if exists "asset" cascade;`);

    this.addSql(`drop table if exists "course" cascade;`);

    this.addSql(`drop table if exists "content_block" cascade;`);

    this.addSql(`drop table if exists "graded_item" cascade;`);

    this.addSql(`drop table if exists "learner" cascade;`);

    this.addSql(`drop table if exists "item_score" cascade;`);

    this.addSql(`drop table if exists "block_completion" cascade;`);

    this.addSql(`drop table if exists "learning_path" cascade;`);

    this.addSql(`drop table if exists "enrollment" cascade;`);

    this.addSql(`drop table if exists "credential_configuration" cascade;`);

    this.addSql(`drop table if exists "credential" cascade;`);

    this.addSql(`drop table if exists "learning_path_step" cascade;`);
  }
}
