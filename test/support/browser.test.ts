/**
 * The npm Chromium, run even where the system has its own (the /verify page tests use
 * the system's then), so that the path a bare machine takes stays tested everywhere.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { createCanvas, loadImage } from '@napi-rs/canvas';

import { findChromium, inflateNpmChromium, launchChromium, SYSTEM_CHROMIUM } from './browser';

/** Libraries of Debian's essential packages (libc6, libgcc-s1): on every Debian 12. */
const ESSENTIAL = /^(linux-vdso|ld-linux-x86-64|libc|libm|libdl|libpthread|librt|libgcc_s)\.so/;

jest.setTimeout(120_000); // the first run inflates about 200 MB

it('needs no system library beyond glibc and libgcc: the rest ships in the package', async () => {
  const npm = await inflateNpmChromium();
  const ldd = execFileSync('ldd', [npm.path], {
    env: { ...process.env, ...npm.env },
    encoding: 'utf8',
  });
  const libraries = ldd
    .split('\n')
    .map((line) => /^\s*(\S+)(?:\s+=>\s+(\S+))?/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, name, resolved]) => ({ name, resolved: resolved ?? name }));
  expect(ldd).not.toContain('not found');
  expect(libraries.map(({ name }) => name)).toContain('libnss3.so');
  const fromSystem = libraries.filter(
    ({ resolved }) => !resolved.startsWith(npm.env.LD_LIBRARY_PATH),
  );
  expect(fromSystem.filter(({ name }) => !ESSENTIAL.test(basename(name)))).toEqual([]);
});

it('runs a page in the npm Chromium: script, layout and text', async () => {
  const browser = await launchChromium(await inflateNpmChromium());
  try {
    const page = await browser.newPage({ viewport: { width: 400, height: 100 } });
    await page.setContent(
      '<body style="margin: 0; background: white"><span style="font: 40px sans-serif">Zoë Ångström</span>',
    );
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    expect(await page.locator('span').textContent()).toBe('Zoë Ångström');
    const box = await page.locator('span').boundingBox();
    expect(box?.width).toBeGreaterThan(150);
    // A font was found and drew: dark pixels where the text is, none below it.
    const screenshot = await loadImage(await page.screenshot());
    const canvas = createCanvas(400, 100);
    canvas.getContext('2d').drawImage(screenshot, 0, 0);
    const darkPixels = (top: number, bottom: number) => {
      const { data } = canvas.getContext('2d').getImageData(0, top, 400, bottom - top);
      let count = 0;
      for (let at = 0; at < data.length; at += 4) if (data[at] < 128) count++;
      return count;
    };
    expect(darkPixels(0, 50)).toBeGreaterThan(500);
    expect(darkPixels(70, 100)).toBe(0);
  } finally {
    await browser.close();
  }
});

describe('findChromium', () => {
  const configured = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (configured === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = configured;
  });

  it('takes CHROMIUM_PATH first', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'laurel-chromium-'));
    process.env.CHROMIUM_PATH = folder;
    await expect(findChromium()).resolves.toEqual({
      path: folder,
      source: 'CHROMIUM_PATH',
      env: {},
    });
    rmSync(folder, { recursive: true });
  });

  it('refuses a CHROMIUM_PATH that does not exist rather than run another browser', async () => {
    process.env.CHROMIUM_PATH = join(tmpdir(), 'no-such-chromium');
    await expect(findChromium()).rejects.toThrow(/CHROMIUM_PATH=.*does not exist/);
  });

  it("uses the system's Chromium when there is one, else the npm one", async () => {
    delete process.env.CHROMIUM_PATH;
    const found = await findChromium();
    expect(found.source).toBe(existsSync(SYSTEM_CHROMIUM) ? 'system' : 'npm');
  });
});
