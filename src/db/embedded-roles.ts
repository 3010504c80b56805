import { Client } from 'pg';
import { type EmbeddedCredentials, LEGACY_SUPERUSER_PASSWORD } from './embedded-credentials';

export const SUPERUSER = 'postgres';
export const DATABASE = 'laurel';

const INVALID_PASSWORD = '28P01';

function connect(port: number, password: string, database: string): Promise<Client> {
  const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database });
  return client.connect().then(
    () => client,
    async (error: unknown) => {
      await client.end().catch(() => undefined);
      throw error;
    },
  );
}

/** The superuser connection, with the stored password or (a data folder of an earlier version) the old one. */
async function connectAsSuperuser(
  port: number,
  credentials: EmbeddedCredentials,
  database = 'postgres',
): Promise<Client> {
  try {
    return await connect(port, credentials.superuserPassword, database);
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_PASSWORD) throw error;
    return connect(port, LEGACY_SUPERUSER_PASSWORD, database);
  }
}

/**
 * Hands every object of the superuser in the current database (tables, sequences, views,
 * types, functions, schemas: those earlier versions migrated as the superuser) to `role`,
 * so that its migrations can alter them. REASSIGN OWNED refuses the bootstrap superuser.
 */
function transferOwnershipSql(role: string): string {
  const to = role.replaceAll('"', '""');
  return `do $$
declare statement text;
begin
  for statement in
    select format('alter schema %I owner to "${to}"', n.nspname)
      from pg_namespace n
     where n.nspowner = '${SUPERUSER}'::regrole
       and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
    union all
    select format('alter %s %s owner to "${to}"',
             case c.relkind when 'S' then 'sequence' when 'v' then 'view'
                            when 'm' then 'materialized view' else 'table' end,
             c.oid::regclass)
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relowner = '${SUPERUSER}'::regrole and c.relkind in ('r', 'p', 'f', 'v', 'm', 'S')
       and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
       -- identity and serial sequences follow their table (indexes do too)
       and (c.relkind <> 'S' or not exists (select 1 from pg_depend d
                        where d.classid = 'pg_class'::regclass and d.objid = c.oid
                          and d.deptype in ('a', 'i')))
    union all
    select format('alter type %s owner to "${to}"', t.oid::regtype)
      from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where t.typowner = '${SUPERUSER}'::regrole and t.typtype in ('e', 'd', 'r')
       and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
    union all
    select format('alter routine %s owner to "${to}"', p.oid::regprocedure)
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where p.proowner = '${SUPERUSER}'::regrole
       and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
       and not exists (select 1 from pg_depend d
                        where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                          and d.deptype = 'e')
  loop
    execute statement;
  end loop;
end $$`;
}

/**
 * Sets the cluster up for Laurel, idempotently: the superuser gets the stored password
 * (replacing the fixed one of earlier versions), Laurel's own role (no superuser, no role
 * or database creation) gets its password and owns the database and everything in it.
 */
export async function secureCluster(port: number, credentials: EmbeddedCredentials) {
  const { role, rolePassword, superuserPassword } = credentials;
  const admin = await connectAsSuperuser(port, credentials);
  try {
    const roleName = admin.escapeIdentifier(role);
    const exists = await admin.query('select 1 from pg_roles where rolname = $1', [role]);
    await admin.query(
      `${exists.rowCount ? 'alter' : 'create'} role ${roleName} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${admin.escapeLiteral(rolePassword)}`,
    );
    const database = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    await admin.query(
      database.rowCount
        ? `alter database ${admin.escapeIdentifier(DATABASE)} owner to ${roleName}`
        : `create database ${admin.escapeIdentifier(DATABASE)} owner ${roleName}`,
    );
    // Last: until here a failed set-up can be retried with either password.
    await admin.query(
      `alter role ${admin.escapeIdentifier(SUPERUSER)} password ${admin.escapeLiteral(superuserPassword)}`,
    );
  } finally {
    await admin.end();
  }
  const inDatabase = await connect(port, superuserPassword, DATABASE);
  try {
    await inDatabase.query(transferOwnershipSql(role));
  } finally {
    await inDatabase.end();
  }
}
