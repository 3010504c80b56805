import { Migration } from '@mikro-orm/migrations';

export class Migration20261201220200_certificate_messages extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "credential_configuration" add column "certificate_messages" jsonb not null default '{}';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "credential_configuration" drop column "certificate_messages";`);
  }
}
