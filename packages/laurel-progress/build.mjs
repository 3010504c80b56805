/**
 * Bundles the widget into one minified ESM file with the graphql-ws client inlined:
 *   node build.mjs [outfile]     default: dist/laurel-progress.js beside this file
 * Laurel's own build writes it to <laurel>/dist/widget/laurel-progress.js, which the server
 * serves at /widget/laurel-progress.js. Prints the size, raw and gzipped.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.resolve(process.argv[2] ?? path.join(here, 'dist', 'laurel-progress.js'));

const result = await build({
  entryPoints: [path.join(here, 'src', 'index.ts')],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'eof',
  write: true,
  metafile: true,
  logLevel: 'warning',
});
const output = Object.entries(result.metafile.outputs)[0];
const bytes = output[1].bytes;
const { readFileSync } = await import('node:fs');
const gzipped = gzipSync(readFileSync(outfile)).length;
console.log(
  `laurel-progress: ${path.relative(process.cwd(), outfile)} ${bytes} bytes, ${gzipped} gzipped`,
);
