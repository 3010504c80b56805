import { Migration } from '@mikro-orm/migrations';

export class Migration20261201185000_credential_visibility extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "credential" add column "public" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "credential" drop column "public";`);
  }
}
