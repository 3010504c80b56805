/**
 * Certificate rendering benchmark: renders built-in certificates with names in one script
 * at a time (Latin, Devanagari, Arabic, then a mix of every script) and prints p50/p99
 * render time and file size for each. The target is a p50 of 20 ms for Latin names.
 */
import { loadShaper, preloadBuiltinFonts, renderCredentialPdf } from '../src/modules/issuance';
import { percentile } from './stats';

const NAMES: Record<string, readonly string[]> = {
  latin: ['Zoë Ångström', 'Jean-Baptiste Lefèvre', 'Łukasz Żółkowski', 'María José Núñez'],
  devanagari: ['प्रिया शर्मा', 'अर्जुन सिंह', 'कृष्ण मूर्ति', 'श्रेया त्रिपाठी'],
  arabic: ['محمد علي', 'فاطمة الزهراء', 'عبد الله بن عمر', 'ليلى خليل'],
  mixed: [
    'Иван Петров',
    'Σωκράτης Παπαδόπουλος',
    '李小龙',
    'דוד כהן',
    'নজরুল ইসলাম',
    'สมชาย ใจดี',
    'ნინო ბერიძე',
    '김민준',
  ],
};

export interface RenderFigures {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanKb: number;
  readonly maxKb: number;
}

export interface RenderBenchResult {
  readonly byScript: Record<string, RenderFigures>;
  readonly coldMs: number;
}

function render(names: readonly string[], index: number): Promise<Uint8Array> {
  const id = `BENCH-${index.toString().padStart(6, '0')}`;
  return renderCredentialPdf({
    learnerName: `${names[index % names.length]} ${index}`,
    contextTitle: 'Introduction to Applied Cryptography',
    configurationName: 'Certificate of Completion',
    issuedAt: new Date(Date.UTC(2026, 10, 23)),
    locale: 'en',
    verificationId: id,
    verificationUrl: `https://laurel.example.org/verify/${id}`,
    template: null,
    loadAsset: (slug) => Promise.reject(new Error(`no asset ${slug}`)),
  });
}

async function measure(names: readonly string[], count: number): Promise<RenderFigures> {
  for (let i = 0; i < 20; i++) await render(names, i); // warm-up
  const times: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const pdf = await render(names, i);
    times.push(performance.now() - start);
    sizes.push(pdf.byteLength / 1024);
  }
  times.sort((a, b) => a - b);
  return {
    count,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    meanKb: sizes.reduce((sum, size) => sum + size, 0) / sizes.length,
    maxKb: Math.max(...sizes),
  };
}

export async function main(count = 100): Promise<RenderBenchResult> {
  const coldStart = performance.now();
  preloadBuiltinFonts();
  await loadShaper();
  await render(NAMES.latin, 0);
  const coldMs = performance.now() - coldStart;
  const byScript: Record<string, RenderFigures> = {};
  for (const [script, names] of Object.entries(NAMES)) {
    const figures = await measure(names, count);
    byScript[script] = figures;
    console.log(
      `render ${script}: ${count} certificates, p50 ${figures.p50Ms.toFixed(1)} ms, ` +
        `p99 ${figures.p99Ms.toFixed(1)} ms, size mean ${figures.meanKb.toFixed(1)} KB ` +
        `(max ${figures.maxKb.toFixed(1)} KB)`,
    );
  }
  console.log(`render: first render incl. font and shaper loading ${coldMs.toFixed(0)} ms`);
  return { byScript, coldMs };
}

if (require.main === module) {
  main(Number(process.argv[2]) || 100).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
