/**
 * Prints a token for the server that uses the same LAUREL_HOME (or AUTH_JWT_SECRET).
 *   npm run token -- --admin
 *   npm run token -- --learner <id>
 *   npm run token -- --staff <courseId> [--path-staff <pathId>] [--ingest] [--ttl <seconds>]
 * The token is the last line of the output.
 */
import { parseArgs } from 'node:util';
import { resolveJwtSecret } from '../src/server/auth/local-secret';
import { loadConfig } from '../src/config';
import { issueToken } from '../src/server/auth/issue-token';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      admin: { type: 'boolean', default: false },
      ingest: { type: 'boolean', default: false },
      learner: { type: 'string' },
      staff: { type: 'string', multiple: true, default: [] },
      'path-staff': { type: 'string', multiple: true, default: [] },
      ttl: { type: 'string', default: String(12 * 3600) },
    },
  });
  const config = loadConfig();
  const secret = await resolveJwtSecret(config);
  if (!secret) {
    console.error(
      'AUTH_JWKS_URL is set: tokens come from your identity provider, not from Laurel.',
    );
    process.exit(2);
  }
  const ttlSeconds = Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    console.error('--ttl must be a positive number of seconds');
    process.exit(2);
  }
  const staff = values.staff ?? [];
  const pathStaff = values['path-staff'] ?? [];
  if (
    !values.admin &&
    !values.ingest &&
    !values.learner &&
    staff.length === 0 &&
    pathStaff.length === 0
  ) {
    console.error(
      'Say who the token is for: --admin, --ingest, --learner <id>, --staff <courseId> or --path-staff <pathId>',
    );
    process.exit(2);
  }
  const token = await issueToken(secret, {
    subject: values.learner ?? (values.admin ? 'admin' : undefined),
    admin: values.admin,
    ingest: values.ingest,
    staffCourses: staff,
    staffPaths: pathStaff,
    ttlSeconds,
  });
  console.error(`Token valid for ${ttlSeconds} s. Send it as: Authorization: Bearer <token>`);
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
