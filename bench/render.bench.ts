/**
 * Certificate rendering benchmark: renders N built-in certificates with
 * names in several scripts and prints p50/p99 render time and file size.
 */
import { preloadBuiltinFonts, renderCredentialPdf } from '../src/modules/issuance';
import { percentile } from './stats';

const NAMES = [
  'Zoë Ångström',
  'Иван Петров',
  'Σωκράτης Παπαδόπουλος',
  'Jean-Baptiste Lefèvre',
  '李小龙',
  'محمد علي',
  'Łukasz Żółkowski',
  '김민준',
];

export interface RenderBenchResult {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanKb: number;
  readonly maxKb: number;
  readonly coldMs: number;
}

export async function main(count = 200): Promise<RenderBenchResult> {
  const render = (index: number): Promise<Uint8Array> =>
    renderCredentialPdf({
      learnerName: `${NAMES[index % NAMES.length]} ${index}`,
      contextTitle: 'Introduction to Applied Cryptography',
      configurationName: 'Certificate of Completion',
      issuedAt: new Date(Date.UTC(2026, 10, 23)),
      locale: 'en',
      verificationId: `BENCH-${index.toString().padStart(6, '0')}`,
      verificationUrl: `https://laurel.example.org/verify/BENCH-${index.toString().padStart(6, '0')}`,
      template: null,
      loadAsset: (slug) => Promise.reject(new Error(`no asset ${slug}`)),
    });

  const coldStart = performance.now();
  preloadBuiltinFonts();
  await render(0);
  const coldMs = performance.now() - coldStart;
  for (let i = 0; i < 20; i++) await render(i); // warm-up

  const times: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const pdf = await render(i);
    times.push(performance.now() - start);
    sizes.push(pdf.byteLength / 1024);
  }
  times.sort((a, b) => a - b);
  const result: RenderBenchResult = {
    count,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    meanKb: sizes.reduce((sum, size) => sum + size, 0) / sizes.length,
    maxKb: Math.max(...sizes),
    coldMs,
  };
  console.log(
    `render: ${count} certificates, p50 ${result.p50Ms.toFixed(1)} ms, ` +
      `p99 ${result.p99Ms.toFixed(1)} ms, size mean ${result.meanKb.toFixed(1)} KB ` +
      `(max ${result.maxKb.toFixed(1)} KB); first render incl. font loading ${coldMs.toFixed(0)} ms`,
  );
  return result;
}

if (require.main === module) {
  main(Number(process.argv[2]) || 200).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
