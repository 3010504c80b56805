import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bakePng } from '../../src/modules/openbadges/core';
import { startTestApp, type TestApp } from '../support/app';
import { CredentialSeeder, siteOf } from '../verification/helpers';
import { openBadgeOf, tinyPng } from './helpers';

/** The drop-to-verify command of docs/open-badges.md, run as a reader would run it. */
let app: TestApp;
let seeder: CredentialSeeder;
beforeAll(async () => {
  app = await startTestApp();
  seeder = new CredentialSeeder(app);
  await seeder.start();
}, 60_000);
afterAll(async () => {
  await seeder?.stop();
  await app?.stop();
});

async function block(file: string, name: string): Promise<string> {
  const text = await fs.readFile(file, 'utf8');
  const match = new RegExp(
    `<!-- ${name}:start -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`,
  ).exec(text);
  if (!match) throw new Error(`${file} has no ${name} block`);
  return match[1]!;
}

it("docs/open-badges.md's curl command verifies a baked badge", async () => {
  const credential = await seeder.insert({ status: 'AVAILABLE' });
  const badge = await openBadgeOf(app, credential.id);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-docs-badge-'));
  try {
    await fs.writeFile(path.join(dir, 'badge.png'), bakePng(tinyPng(), JSON.stringify(badge)));
    const command = await block('docs/open-badges.md', 'verify-open-badge');
    const { stdout } = await promisify(execFile)('bash', ['-c', command], {
      cwd: dir,
      env: { ...process.env, LAUREL: siteOf(app) },
    });
    expect(JSON.parse(stdout)).toMatchObject({
      format: 'png',
      verified: true,
      signatureValid: true,
      errors: [],
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

it('links the sharing guide from the README', async () => {
  expect(await fs.readFile('README.md', 'utf8')).toContain('docs/open-badges.md#sharing');
});
