/**
 * Runs a compiled entry point, compiling first only when the sources changed since the last
 * build (a full `tsc` takes seconds even with nothing to do; this check takes milliseconds):
 *   node scripts/built.cjs                        build if stale (npm's `prepare`, `pretest`)
 *   node scripts/built.cjs --force                build
 *   node scripts/built.cjs dist/src/main.js ...   build if stale, then run it in this process
 * A build is stale when a file or folder among the inputs is newer than dist/.build-stamp,
 * which a successful build touches with the time it began.
 * The console (console/, a Vite app served at /console) is built the same way into
 * dist/console, with its own stamp and inputs, so a change to one never rebuilds the other.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const STAMP = path.join('dist', '.build-stamp');
/** What `tsc -p tsconfig.build.json` reads (folders walked; a deletion changes a folder's mtime). */
const INPUTS = [
  'src',
  'scripts',
  'migrations',
  'bench',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
  'packages/laurel-progress/src',
  'packages/laurel-progress/build.mjs',
];

/** What `vite build` reads for the console (it takes its languages from the API's locale list). */
const CONSOLE_INPUTS = ['console', 'src/shared/i18n/locales.ts', 'package-lock.json'];
const CONSOLE_STAMP = path.join('dist', 'console', '.build-stamp');

/** The <laurel-progress> widget's bundle, served at /widget/laurel-progress.js. */
const WIDGET_BUNDLE = path.join('dist', 'widget', 'laurel-progress.js');

/** Bundles the widget with esbuild (a dev dependency, like TypeScript). */
function buildWidget(root) {
  try {
    require.resolve('esbuild', { paths: [root] });
  } catch {
    console.error('The widget was not bundled: esbuild is not installed.');
    return;
  }
  const result = spawnSync(
    process.execPath,
    [path.join('packages', 'laurel-progress', 'build.mjs'), WIDGET_BUNDLE],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function newestMtime(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(file)) {
      newest = Math.max(newest, newestMtime(path.join(file, entry)));
    }
  }
  return newest;
}

function olderThanInputs(root, stamp, inputs) {
  let built;
  try {
    built = fs.statSync(path.join(root, stamp)).mtimeMs;
  } catch {
    return true;
  }
  return inputs.some((input) => newestMtime(path.join(root, input)) > built);
}

/** Whether `root`'s build is missing or older than one of its inputs. */
function isStale(root = ROOT) {
  return olderThanInputs(root, STAMP, INPUTS);
}

/** Whether `root` has console sources whose build is missing or older than them. */
function isConsoleStale(root = ROOT) {
  return (
    fs.existsSync(path.join(root, 'console', 'index.html')) &&
    olderThanInputs(root, CONSOLE_STAMP, CONSOLE_INPUTS)
  );
}

/** `vite build` of the console; false when Vite is not installed (npm install --omit=dev). */
function buildConsole(root = ROOT) {
  let vite;
  try {
    // Vite's exports hide bin/: reach it from its package.json.
    vite = path.join(
      path.dirname(require.resolve('vite/package.json', { paths: [root] })),
      'bin',
      'vite.js',
    );
  } catch {
    return false;
  }
  const began = new Date();
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join('console', 'vite.config.mts')],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
  const stamp = path.join(root, CONSOLE_STAMP);
  fs.writeFileSync(stamp, `${began.toISOString()}\n`);
  fs.utimesSync(stamp, began, began);
  return true;
}

function build(root = ROOT) {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    return false;
  }
  const began = new Date();
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  buildWidget(root);
  const stamp = path.join(root, STAMP);
  fs.writeFileSync(stamp, `${began.toISOString()}\n`);
  fs.utimesSync(stamp, began, began);
  return true;
}

module.exports = {
  isStale,
  build,
  INPUTS,
  STAMP,
  isConsoleStale,
  buildConsole,
  CONSOLE_INPUTS,
  CONSOLE_STAMP,
};

if (require.main === module) {
  const [first, ...rest] = process.argv.slice(2);
  if (first === '--force' || isStale()) {
    if (!build() && (first === '--force' || !fs.existsSync(path.join(ROOT, 'dist')))) {
      console.error('Cannot build: TypeScript is not installed (npm install without --omit=dev).');
      process.exit(1);
    }
  }
  if (first === '--force' || isConsoleStale()) {
    if (!buildConsole() && !fs.existsSync(path.join(ROOT, 'dist', 'console', 'index.html'))) {
      console.error(
        'The console is not built: Vite is not installed (npm install without --omit=dev).',
      );
    }
  }
  if (first && first !== '--force') {
    // The entry reads its own arguments from process.argv, as if started directly.
    process.argv = [process.argv[0], path.resolve(ROOT, first), ...rest];
    require(path.resolve(ROOT, first));
  }
}
