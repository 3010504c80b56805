import { Migration } from '@mikro-orm/migrations';

export class Migration20261201190100_badge_template extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "credential_configuration" add column "badge_template_asset_id" text null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "credential_configuration" drop column "badge_template_asset_id";`);
  }
}
