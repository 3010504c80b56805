import { Migration } from '@mikro-orm/migrations';

export class Migration20261201131349 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "learner_eligibility" add column "evaluation" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "learner_eligibility" drop column "evaluation";`);
  }
}
