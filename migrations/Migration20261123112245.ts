import { Migration } from '@mikro-orm/migrations';

export class Migration20261123112245 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "learner_eligibility" ("learner_id" text not null, "configuration_id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "eligible" boolean not null, "progress" double precision not null, "changed_at" timestamptz not null, constraint "learner_eligibility_pkey" primary key ("learner_id", "configuration_id"), constraint learner_eligibility_progress_check check (progress >= (0)::double precision and progress <= (1)::double precision));`,
    );
    this.addSql(
      `create index "learner_eligibility_configuration_id_eligible_index" on "learner_eligibility" ("configuration_id", "eligible");`,
    );

    this.addSql(
      `alter table "learner_eligibility" add constraint "learner_eligibility_learner_id_foreign" foreign key ("learner_id") references "learner" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "learner_eligibility" add constraint "learner_eligibility_configuration_id_foreign" foreign key ("configuration_id") references "credential_configuration" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "learner_eligibility" cascade;`);
  }
}
