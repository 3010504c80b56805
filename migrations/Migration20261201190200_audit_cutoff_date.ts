import { Migration } from '@mikro-orm/migrations';

export class Migration20261201190200_audit_cutoff_date extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "credential_configuration" add column "audit_cutoff_date" timestamptz null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "credential_configuration" drop column "audit_cutoff_date";`);
  }
}
