/**
 * The Chromium that browser tests drive, one choice for the whole suite:
 * 1. CHROMIUM_PATH, when set (it must exist);
 * 2. the system's /usr/bin/chromium (Debian's `chromium` package);
 * 3. else the headless Chromium shipped brotli-compressed inside the @sparticuz/chromium
 *    npm package, inflated once into node_modules/.cache with the NSS libraries and
 *    fonts it ships, so a bare Debian needs nothing installed by hand.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export interface ChromiumExecutable {
  readonly path: string;
  readonly source: 'CHROMIUM_PATH' | 'system' | 'npm';
  /** Variables the binary needs on top of process.env (the npm build's libraries, fonts). */
  readonly env: Readonly<Record<string, string>>;
}

let npmChromium: Promise<ChromiumExecutable> | undefined;

export async function findChromium(): Promise<ChromiumExecutable> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return { path: configured, source: 'CHROMIUM_PATH', env: {} };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: 'system', env: {} };
  return inflateNpmChromium();
}

/** The npm package's Chromium, whatever the system has (tests of this module use it). */
export function inflateNpmChromium(): Promise<ChromiumExecutable> {
  npmChromium ??= inflate();
  return npmChromium;
}

/** Headless, offline, no sandbox (tests run as root); Playwright adds a fresh profile dir. */
export async function launchChromium(executable?: ChromiumExecutable): Promise<Browser> {
  const chosen = executable ?? (await findChromium());
  return chromium.launch({
    executablePath: chosen.path,
    headless: true,
    env: { ...process.env, ...chosen.env },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-domain-reliability',
    ],
  });
}

async function inflate(): Promise<ChromiumExecutable> {
  // The package's exports hide package.json and bin/: reach them from its entry point.
  const packageDir = join(dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const cache = join(packageDir, '..', '..', '.cache', 'laurel-chromium', version);
  const executable: ChromiumExecutable = {
    path: join(cache, 'chromium'),
    source: 'npm',
    env: {
      LD_LIBRARY_PATH: join(cache, 'lib'),
      FONTCONFIG_FILE: join(cache, 'fonts.conf'),
    },
  };
  if (existsSync(cache)) return executable;

  // Inflate into a private folder and rename it into place last, so that parallel test
  // workers never run a half-written binary: the first rename wins, the others discard theirs.
  await mkdir(dirname(cache), { recursive: true });
  const staging = await mkdtemp(`${cache}.inflating-`);
  try {
    const bin = join(packageDir, 'bin');
    await pipeline(
      createReadStream(join(bin, 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(join(staging, 'chromium'), { mode: 0o755 }),
    );
    // al2023.tar.br holds lib/ (NSS, NSPR, expat); fonts.tar.br holds fonts/ (Open Sans).
    await untarBrotli(join(bin, 'al2023.tar.br'), staging);
    await untarBrotli(join(bin, 'fonts.tar.br'), staging);
    await writeFile(join(staging, 'fonts.conf'), fontConfig(cache));
    await chmod(staging, 0o755);
    await rename(staging, cache).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(cache)) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return executable;
}

async function untarBrotli(archive: string, into: string): Promise<void> {
  const tar = join(into, 'archive.tar');
  await pipeline(createReadStream(archive), createBrotliDecompress(), createWriteStream(tar));
  execFileSync('tar', ['-xf', tar, '-C', into, '--no-same-owner']);
  await rm(tar);
}

/** The system's fonts when it has fontconfig, and the package's Open Sans always. */
function fontConfig(cache: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(cache, 'fonts')}</dir>
  <cachedir>${join(cache, 'fontconfig')}</cachedir>
</fontconfig>
`;
}
