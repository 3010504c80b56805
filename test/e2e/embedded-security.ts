import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  CREDENTIALS_FILE,
  type EmbeddedCredentials,
  LEGACY_SUPERUSER_PASSWORD,
} from '../../src/db/embedded-credentials';

const mode = async (file: string) => (await fs.stat(file)).mode & 0o777;

async function query(connection: string | object, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client(
    typeof connection === 'string' ? { connectionString: connection } : connection,
  );
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** Whether a TCP connection to `host:port` is refused (nothing listens there). */
function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/**
 * Checks the embedded PostgreSQL under `home`, while a Laurel runs on it: secrets 0600,
 * data folder 0700, no fixed password, 127.0.0.1 only, and Laurel connected as a role
 * that is not a superuser.
 */
export async function expectSecuredEmbeddedPostgres(home: string): Promise<void> {
  const credentialsFile = path.join(home, CREDENTIALS_FILE);
  expect({
    data: await mode(path.join(home, 'postgres')),
    credentials: await mode(credentialsFile),
    port: await mode(path.join(home, 'postgres.port')),
    authSecret: await mode(path.join(home, 'auth-secret')),
  }).toEqual({ data: 0o700, credentials: 0o600, port: 0o600, authSecret: 0o600 });
  expect((await fs.stat(credentialsFile)).uid).toBe(process.getuid?.());

  const credentials = JSON.parse(await fs.readFile(credentialsFile, 'utf8')) as EmbeddedCredentials;
  expect(credentials.secured).toBe(true);
  expect(credentials.superuserPassword).not.toBe(LEGACY_SUPERUSER_PASSWORD);
  expect(credentials.superuserPassword.length).toBeGreaterThanOrEqual(24);
  const port = Number(await fs.readFile(path.join(home, 'postgres.port'), 'utf8'));
  const as = (user: string, password: string, database = 'laurel') => ({
    host: '127.0.0.1',
    port,
    user,
    password,
    database,
  });

  await expect(query(as('postgres', LEGACY_SUPERUSER_PASSWORD), 'select 1')).rejects.toMatchObject({
    code: '28P01',
  });
  const admin = as('postgres', credentials.superuserPassword, 'postgres');
  expect(await query(admin, 'show listen_addresses')).toEqual([{ listen_addresses: '127.0.0.1' }]);
  expect(await query(admin, 'show unix_socket_directories')).toEqual([
    { unix_socket_directories: '' },
  ]);
  // Every connection Laurel holds on its database is its own role's, which is no superuser.
  const users = await query(
    admin,
    `select distinct usename from pg_stat_activity where datname = 'laurel' and backend_type = 'client backend'`,
  );
  expect(users).toEqual([{ usename: credentials.role }]);
  expect(
    await query(
      as(credentials.role, credentials.rolePassword),
      'select rolsuper from pg_roles where rolname = current_user',
    ),
  ).toEqual([{ rolsuper: false }]);
  // Nothing in Laurel's database is left to the superuser: the role can migrate all of it.
  expect(
    await query(
      as('postgres', credentials.superuserPassword),
      `select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relowner = 'postgres'::regrole and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'`,
    ),
  ).toEqual([]);

  const otherAddresses = Object.values(os.networkInterfaces())
    .flat()
    .filter((address) => address && !address.internal)
    .map((address) => address!.address);
  for (const host of ['::1', ...otherAddresses]) {
    expect({ host, refused: await refused(host, port) }).toEqual({ host, refused: true });
  }
}
