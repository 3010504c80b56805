import { Migration } from '@mikro-orm/migrations';

export class Migration20261123113455 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "credential" add column "signing_key_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "credential" drop column "signing_key_id";`);
  }
}
