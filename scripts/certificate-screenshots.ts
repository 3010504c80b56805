/**
 * Renders the built-in certificate as the README shows it (`npm run screenshots:certificates`):
 * each tier, a learning path, a badge, a right-to-left (Arabic) and a CJK (Japanese) one, as
 * PNGs in docs/images/. The logo and signatures are drawn here from SVG, so nothing is fetched.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { renderCredentialPdf, type RenderCredentialInput } from '../src/modules/issuance';
import { renderPdfPage, svgToPng } from '../src/shared/raster';

export interface Screenshot {
  readonly file: string;
  readonly input: Partial<RenderCredentialInput>;
}

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="92" viewBox="0 0 360 92">
<path d="M46 6 L82 20 V48 C82 70 64 84 46 88 C28 84 10 70 10 48 V20 Z" fill="#1f4e79"/>
<path d="M46 18 L70 28 V48 C70 63 58 73 46 76 C34 73 22 63 22 48 V28 Z" fill="none" stroke="#fff" stroke-width="3"/>
<text x="46" y="58" font-family="Noto Sans" font-size="26" font-weight="bold" fill="#fff" text-anchor="middle">N</text>
<text x="98" y="44" font-family="Noto Sans" font-size="30" font-weight="bold" fill="#1f4e79">Northfield</text>
<text x="99" y="72" font-family="Noto Sans" font-size="18" fill="#555">Institute of Technology</text>
</svg>`;

const SIGNATURE_SVG = (d: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="72" viewBox="0 0 240 72">
<path d="${d}" fill="none" stroke="#1b2a4a" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

const SIGNATURES = [
  'M10 50 C30 10 40 10 38 40 S60 60 70 30 S90 20 95 45 C100 60 120 20 135 35 S170 50 230 28',
  'M14 44 C24 20 50 8 44 40 C40 60 70 50 80 30 C86 18 96 26 100 40 C110 60 150 18 170 34 L226 40',
];

let assets: Promise<Record<string, Uint8Array>> | undefined;

/** The sample logo and signatures, as PNG assets by slug. */
export function sampleAssets(): Promise<Record<string, Uint8Array>> {
  assets ??= (async () => ({
    'northfield-logo': await svgToPng(LOGO_SVG, 360),
    'signature-rector': await svgToPng(SIGNATURE_SVG(SIGNATURES[0]), 240),
    'signature-dean': await svgToPng(SIGNATURE_SVG(SIGNATURES[1]), 240),
  }))();
  return assets;
}

const ISSUER: RenderCredentialInput['issuer'] = {
  organizationName: 'Northfield Institute of Technology',
  organizationUrl: 'https://northfield.example.edu',
  logoAssetId: 'northfield-logo',
  signatories: [
    {
      name: 'Prof. Helena Marsh',
      title: 'Rector',
      organization: null,
      signatureAssetId: 'signature-rector',
    },
    {
      name: 'Dr. Samuel Okafor',
      title: 'Dean of Engineering',
      organization: null,
      signatureAssetId: 'signature-dean',
    },
  ],
};

export const SCREENSHOTS: readonly Screenshot[] = [
  {
    file: 'certificate-completion.png',
    input: { tier: 0, configurationName: 'Certificate of Completion' },
  },
  {
    file: 'certificate-achievement.png',
    input: {
      tier: 1,
      configurationName: 'Certificate of Achievement',
      achievement: { grade: 0.92, courseCount: null },
    },
  },
  {
    file: 'certificate-distinction.png',
    input: {
      tier: 2,
      configurationName: 'Certificate of Distinction',
      achievement: { grade: 0.975, courseCount: null },
    },
  },
  {
    file: 'certificate-path.png',
    input: {
      tier: 0,
      contextKind: 'path',
      contextTitle: 'Data Engineering Professional',
      configurationName: 'Certificate of Completion',
      achievement: { grade: null, courseCount: 5 },
    },
  },
  {
    file: 'certificate-badge.png',
    input: { tier: 1, kind: 'BADGE', configurationName: 'Digital Badge' },
  },
  {
    file: 'certificate-ar.png',
    input: {
      tier: 1,
      locale: 'ar',
      learnerName: 'ليلى عبد الرحمن',
      contextTitle: 'مقدمة في علم التشفير',
      configurationName: 'شهادة إنجاز',
      achievement: { grade: 0.88, courseCount: null },
    },
  },
  {
    file: 'certificate-ja.png',
    input: {
      tier: 0,
      locale: 'ja',
      learnerName: '山田 花子',
      contextTitle: '暗号理論入門',
      configurationName: '修了証書',
      template: {
        asset: null,
        page: { size: 'A4', orientation: 'portrait' },
        defaults: {},
        elements: { custom: [] },
      },
    },
  },
];

/** Renders one screenshot's certificate (page 1) as a PNG `width` pixels wide. */
export async function renderScreenshot(shot: Screenshot, width = 1000): Promise<Buffer> {
  const files = await sampleAssets();
  const pdf = await renderCredentialPdf({
    learnerName: 'Amelia Rosalind Hart',
    contextTitle: 'Introduction to Applied Cryptography',
    configurationName: 'Certificate of Completion',
    issuedAt: new Date(Date.UTC(2026, 11, 1)),
    locale: 'en',
    verificationId: 'V7K2-9QXP-4M3T',
    verificationUrl: 'https://laurel.example.org/verify/V7K2-9QXP-4M3T',
    template: null,
    issuer: ISSUER,
    loadAsset: (slug) => {
      const bytes = files[slug];
      return bytes ? Promise.resolve(bytes) : Promise.reject(new Error(`no asset ${slug}`));
    },
    ...shot.input,
  });
  const canvas = await renderPdfPage(pdf, 1, { width });
  return canvas.encode('png');
}

/** Writes every screenshot to `folder` and returns the paths written. */
export async function writeScreenshots(folder = 'docs/images'): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const shot of SCREENSHOTS) {
    const portrait = shot.input.template?.page?.orientation === 'portrait';
    const png = await renderScreenshot(shot, portrait ? 640 : 1000);
    const file = path.join(folder, shot.file);
    await writeFile(file, png);
    written.push(file);
    console.log(`${file} (${Math.round(png.byteLength / 1024)} KB)`);
  }
  return written;
}

if (require.main === module) {
  writeScreenshots(process.argv[2]).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
