/**
 * Badge image benchmark: p50/p99 time to draw a generated badge SVG as a 512-pixel PNG and a
 * built-in certificate's first page as a 1000-pixel preview (what `/credentials/:id/badge.png`
 * does once per credential before the PNG is kept in storage).
 */
import { renderCredentialPdf } from '../src/modules/issuance';
import { CERTIFICATE_IMAGE_WIDTH } from '../src/modules/issuance';
import { BADGE_SIZE, defaultBadgeSvg } from '../src/modules/openbadges';
import { pdfPagePng, svgToPng } from '../src/shared/raster';
import { percentile } from './stats';

export interface BadgeImagesBenchResult {
  readonly badge: { p50Ms: number; p99Ms: number };
  readonly preview: { p50Ms: number; p99Ms: number };
}

async function timed(count: number, run: (index: number) => Promise<unknown>) {
  await run(-1); // warm-up: fonts, pdfjs
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
}

export async function main(count = 50): Promise<BadgeImagesBenchResult> {
  const badge = await timed(count, (i) =>
    svgToPng(
      defaultBadgeSvg({
        achievementName: 'Introduction to Applied Cryptography',
        organizationName: 'Example University',
        contextTitle: 'Applied Cryptography',
        learnerName: `Learner ${i}`,
        issuedOn: '2026-11-23',
      }),
      BADGE_SIZE,
    ),
  );
  const pdf = await renderCredentialPdf({
    learnerName: 'Zoë Ångström',
    contextTitle: 'Introduction to Applied Cryptography',
    configurationName: 'Certificate of Completion',
    issuedAt: new Date(Date.UTC(2026, 10, 23)),
    locale: 'en',
    verificationId: 'BENCH-000001',
    verificationUrl: 'https://laurel.example.org/verify/BENCH-000001',
    template: null,
    loadAsset: (slug) => Promise.reject(new Error(`no asset ${slug}`)),
  });
  const preview = await timed(Math.ceil(count / 2), () => pdfPagePng(pdf, CERTIFICATE_IMAGE_WIDTH));
  console.log(
    `badge images: badge PNG (${BADGE_SIZE} px) p50 ${badge.p50Ms.toFixed(1)} ms, p99 ${badge.p99Ms.toFixed(1)} ms; ` +
      `certificate preview PNG (${CERTIFICATE_IMAGE_WIDTH} px) p50 ${preview.p50Ms.toFixed(1)} ms, p99 ${preview.p99Ms.toFixed(1)} ms`,
  );
  return { badge, preview };
}

if (require.main === module) {
  main(Number(process.argv[2]) || 50).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
