/**
 * Drops optional dependencies that package-lock.json names but does not hold.
 * The registry this project installs from serves only the platform packages of
 * linux-x64 (the native parts of @swc/core and others for other platforms are absent),
 * so npm leaves them out of the lockfile while still listing them, and `npm ci`
 * then refuses the lockfile. Run after changing dependencies: `npm run lockfile:prune`.
 */
const fs = require('node:fs');

const file = 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

function resolvable(from, name) {
  for (let base = from; ;) {
    if (packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true;
    if (!base) return false;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

let removed = 0;
for (const [path, entry] of Object.entries(packages)) {
  if (!entry.optionalDependencies) continue;
  for (const name of Object.keys(entry.optionalDependencies)) {
    if (!resolvable(path, name)) {
      delete entry.optionalDependencies[name];
      removed++;
    }
  }
  if (Object.keys(entry.optionalDependencies).length === 0) delete entry.optionalDependencies;
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  `package-lock.json: removed ${removed} optional dependencies the registry does not serve`,
);
