import fs from 'node:fs';
import path from 'node:path';
import type { Renderer } from '../../src/modules/issuance/render-pool';
import type { RenderCredentialInput } from '../../src/modules/issuance/pdf';
import { loadConfig } from '../../src/config';

/**
 * The render threads run at RENDER_NICE while the event loop keeps its priority. Thread
 * pools only exist in the compiled build (dist/, made by `npm install`).
 */
type CreateRenderer = (threads: number, nice?: number) => Renderer;
// The compiled module, loaded at run time: the sources' loader cannot start worker threads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createRenderer } = require(path.resolve('dist/src/modules/issuance/render-pool.js')) as {
  createRenderer: CreateRenderer;
};

/** Niceness of each thread of this process, by thread id (/proc, field 19 of stat). */
function niceByThread(): Map<number, number> {
  const result = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    result.set(Number(tid), Number(fields[16]));
  }
  return result;
}

const input: RenderCredentialInput = {
  learnerName: 'Ada Lovelace',
  contextTitle: 'Analytical Engines',
  configurationName: 'Certificate',
  issuedAt: new Date('2026-12-02T00:00:00Z'),
  locale: 'en',
  verificationId: 'V7K2-9QXP-4M3T',
  verificationUrl: 'https://laurel.example.org/verify/V7K2-9QXP-4M3T',
  template: null,
  loadAsset: (slug) => Promise.reject(new Error(`unexpected asset ${slug}`)),
};

it('renders in threads niced to RENDER_NICE (default 10), the event loop untouched', async () => {
  expect(loadConfig({}).jobs.renderNice).toBe(10);
  const before = niceByThread();
  const renderer = createRenderer(1, loadConfig({}).jobs.renderNice);
  try {
    const pdf = await renderer.render(input);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const after = niceByThread();
    const added = [...after].filter(([tid]) => !before.has(tid));
    expect(added.filter(([, nice]) => nice === 10).length).toBeGreaterThanOrEqual(1);
    expect(after.get(process.pid)).toBe(0);
  } finally {
    await renderer.close();
  }
});
