import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { isStale, STAMP } from '../../scripts/built.cjs';

const exec = promisify(execFile);

/**
 * `npm start`, `npm run token` and the other entry points compile only when a source
 * changed since the last build (checked by mtimes, in milliseconds), not on every run.
 */
describe('build once', () => {
  it('runs every compiled entry point through the staleness check, never a full build', async () => {
    const { scripts } = JSON.parse(await fs.readFile('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    };
    const entries = Object.entries(scripts).filter(([, command]) => command.includes('dist/'));
    expect(entries.map(([name]) => name).sort()).toEqual(
      [
        'bench',
        'demo',
        'migration:create',
        'openedx',
        'schema',
        'schema:check',
        'screenshots:certificates',
        'start',
        'token',
      ].sort(),
    );
    for (const [name, command] of entries) {
      expect({ name, command }).toEqual({
        name,
        command: expect.stringMatching(/^node scripts\/built\.cjs dist\/\S+\.js( --check)?$/),
      });
    }
    // npm install and npm ci build once; the tests build only what changed.
    expect(scripts.prepare).toBe('node scripts/built.cjs');
    expect(scripts.pretest).toBe('node scripts/built.cjs');
  });

  it('tells a stale build from a fresh one by the mtimes of sources and folders', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-build-'));
    try {
      await fs.mkdir(path.join(root, 'src/db'), { recursive: true });
      await fs.mkdir(path.join(root, 'dist'));
      await fs.writeFile(path.join(root, 'src/db/orm.ts'), 'export {};');
      await fs.writeFile(path.join(root, 'src/main.ts'), 'export {};');
      expect(isStale(root)).toBe(true); // never built

      const stamp = path.join(root, STAMP);
      const builtAt = new Date(Date.now() + 60_000);
      const stampAt = async (at: Date) => {
        await fs.writeFile(stamp, '');
        await fs.utimes(stamp, at, at);
      };
      await stampAt(builtAt);
      expect(isStale(root)).toBe(false);

      const later = new Date(builtAt.getTime() + 1000);
      await fs.utimes(path.join(root, 'src/db/orm.ts'), later, later);
      expect(isStale(root)).toBe(true); // a source edited after the build

      await stampAt(new Date(later.getTime() + 1000));
      expect(isStale(root)).toBe(false);
      await fs.rm(path.join(root, 'src/main.ts'));
      await fs.utimes(path.join(root, 'src'), new Date(), new Date(Date.now() + 10_000 + 60_000));
      expect(isStale(root)).toBe(true); // a source deleted (its folder changed)
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('prints a token from an up-to-date build without compiling', async () => {
    await exec(process.execPath, ['scripts/built.cjs'], { timeout: 300_000 });
    const before = (await fs.stat(STAMP)).mtimeMs;
    const started = Date.now();
    expect(isStale()).toBe(false);
    const checkMs = Date.now() - started;
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'laurel-token-'));
    try {
      const { stdout } = await exec(
        process.execPath,
        ['scripts/built.cjs', 'dist/scripts/token.js', '--admin'],
        { env: { ...process.env, LAUREL_HOME: home } },
      );
      console.log(`staleness check ${checkMs} ms; token ${Date.now() - started} ms`);
      expect(stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect((await fs.stat(STAMP)).mtimeMs).toBe(before);
      expect(checkMs).toBeLessThan(1000);
    } finally {
      await fs.rm(home, { recursive: true, force: true });
    }
  }, 320_000);
});
