import { Migration } from '@mikro-orm/migrations';

const STATUSES = `'PENDING', 'GENERATING', 'AVAILABLE', 'ERROR', 'INVALIDATED', 'REVOKED'`;

/** Availability date, renewal, the EXPIRED status and the link of a renewal to what it renews. */
export class Migration20261201220400_lifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "credential_configuration" add column "available_from" timestamptz null, add column "renewal" text check ("renewal" in ('NONE', 'REEARN', 'AUTOMATIC')) not null default 'NONE', add column "renewal_window_start" text null;`,
    );
    this.addSql(`alter table "credential" drop constraint if exists "credential_status_check";`);
    this.addSql(
      `alter table "credential" add constraint "credential_status_check" check ("status" in (${STATUSES}, 'EXPIRED'));`,
    );
    this.addSql(
      `alter table "credential" add column "renews_id" uuid null, add column "renewal_checked_at" timestamptz null;`,
    );
    this.addSql(
      `alter table "credential" add constraint "credential_renews_id_foreign" foreign key ("renews_id") references "credential" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`create index "credential_renews_id_index" on "credential" ("renews_id");`);
    this.addSql(
      `create index "credential_expiring" on "credential" ("expires_at") where "status" = 'AVAILABLE' and "expires_at" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "credential_expiring";`);
    this.addSql(`alter table "credential" drop constraint "credential_renews_id_foreign";`);
    this.addSql(
      `alter table "credential" drop column "renews_id", drop column "renewal_checked_at";`,
    );
    this.addSql(`update "credential" set "status" = 'REVOKED' where "status" = 'EXPIRED';`);
    this.addSql(`alter table "credential" drop constraint "credential_status_check";`);
    this.addSql(
      `alter table "credential" add constraint "credential_status_check" check ("status" in (${STATUSES}));`,
    );
    this.addSql(
      `alter table "credential_configuration" drop column "available_from", drop column "renewal", drop column "renewal_window_start";`,
    );
  }
}
