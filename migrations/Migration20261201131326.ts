import { Migration } from '@mikro-orm/migrations';

export class Migration20261201131326 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "asset" add column "page_count" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "asset" drop column "page_count";`);
  }
}
