import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/process';

/**
 * `npm run demo` as a newcomer runs it: the built script on the embedded defaults (its own
 * PostgreSQL under a fresh LAUREL_HOME), to the end, with real PDFs and verification links
 * that point where `npm start` on the same PORT serves them afterwards.
 */
jest.setTimeout(180_000);

let home: string;
beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-demo-'));
});
afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

it('tours the product and stops cleanly', async () => {
  const { DATABASE_URL: _external, PUBLIC_URL: _public, ...env } = process.env;
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/scripts/demo.js'], {
    env: { ...env, LAUREL_HOME: home, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect({ code, output }).toMatchObject({ code: 0 });

  expect(output).toContain('database: embedded');
  expect(output).toMatch(/Ada Lovelace:\n\s+Certificate of Completion\s+100 %\s+earned/);
  expect(output).toMatch(/Łukasz Żółkiewski:\n\s+Certificate of Completion\s+67 %\s+not yet/);
  expect(output).toContain('Issued 4 credentials:');
  const pdfs = [...output.matchAll(/PDF: +(\S+\.pdf)/g)].map((m) => m[1]!);
  expect(pdfs).toHaveLength(4);
  for (const pdf of pdfs) {
    expect(pdf.startsWith(home)).toBe(true);
    expect((await fs.readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
  }
  const links = [
    ...output.matchAll(
      new RegExp(
        `verify: (http://localhost:${port}/verify/[0-9a-f-]{36}) +\\(VALID, signature valid\\)`,
        'g',
      ),
    ),
  ];
  expect(links).toHaveLength(4);
  expect(output).toContain(
    `The verification links work while Laurel serves this data: LAUREL_HOME=${path.relative(process.cwd(), home)} PORT=${port} npm start`,
  );
  expect(output.trim().endsWith('Stopped.')).toBe(true);
});
