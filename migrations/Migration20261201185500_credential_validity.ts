import { Migration } from '@mikro-orm/migrations';

export class Migration20261201185500_credential_validity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "credential_configuration" add column "valid_for" text null;`);
    this.addSql(
      `alter table "credential" add column "expires_at" timestamptz null, add column "issued_evaluation" jsonb null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "credential" drop column "expires_at", drop column "issued_evaluation";`,
    );
    this.addSql(`alter table "credential_configuration" drop column "valid_for";`);
  }
}
