/**
 * `npm run bench [name…]`: runs the benchmarks (all by default) one after another and
 * prints their figures. Benchmarks are measurements, not tests: nothing here fails on
 * a slow figure.
 */
import 'reflect-metadata';

type Bench = { main: () => Promise<unknown> };

const BENCHES: Record<string, () => Promise<Bench>> = {
  render: () => import('./render.bench.js'),
  'badge-images': () => import('./badge-images.bench.js'),
  progress: () => import('./progress.bench.js'),
  issuance: () => import('./issuance.bench.js'),
  load: () => import('./load.bench.js'),
  subscriptions: () => import('./subscriptions.bench.js'),
  overhead: () => import('./overhead.bench.js'),
  connector: () => import('./connector.bench.js'),
};

async function run(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}`,
    );
    process.exit(2);
  }
  console.log(
    `Laurel benchmarks on ${(await import('node:os')).cpus().length} cores, Node ${process.version}`,
  );
  for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) {
    console.log(`\n## ${name}`);
    const bench = await BENCHES[name]();
    await bench.main();
  }
}

run().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
