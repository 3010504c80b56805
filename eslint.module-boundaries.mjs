import path from 'node:path';

/**
 * Module edges, so the design stays as drawn:
 * - outside a module folder (src/modules/<name>/), code imports it only through its index.ts;
 * - src/config.ts (with config-values.ts and the src/*-config.ts files it reads) and src/shared/
 *   import neither a module nor the server.
 * An entity may name another module's entity file directly: MikroORM relations need the
 * class while the entity is being defined, before that module's index has finished loading.
 */
const modulesDir = path.resolve(import.meta.dirname, 'src/modules');
const layers = [modulesDir, path.resolve(import.meta.dirname, 'src/server')];

const inside = (file, dir) => file === dir || file.startsWith(dir + path.sep);
const moduleOf = (file) =>
  inside(file, modulesDir) ? path.relative(modulesDir, file).split(path.sep)[0] : null;
const sharedDir = path.resolve(import.meta.dirname, 'src/shared');
const srcDir = path.resolve(import.meta.dirname, 'src');
const isConfigFile = (file) =>
  path.dirname(file) === srcDir &&
  /^(config|config-values|[\w-]+-config)\.ts$/.test(path.basename(file));
const isFoundation = (file) => inside(file, sharedDir) || isConfigFile(file);

const importBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Cross-module imports go through the module index; foundations import no module',
    },
    schema: [],
    messages: {
      deep: "Import the '{{module}}' module through its index ('{{suggestion}}'), not its file '{{spec}}'.",
      foundation:
        "{{from}} must not import '{{spec}}': config and shared code depend on no module and not on the server.",
    },
  },
  create(context) {
    const file = context.filename;
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), spec);
      if (isFoundation(file) && layers.some((dir) => inside(target, dir))) {
        context.report({
          node: node.source,
          messageId: 'foundation',
          data: { from: path.basename(file), spec },
        });
        return;
      }
      const module = moduleOf(target);
      if (!module || module === moduleOf(file)) return;
      const rest = path.relative(path.join(modulesDir, module), target);
      if (rest === '' || rest === 'index') return;
      if (file.endsWith('.entity.ts') && rest.endsWith('.entity')) return;
      const suggestion = path.relative(path.dirname(file), path.join(modulesDir, module));
      context.report({
        node: node.source,
        messageId: 'deep',
        data: {
          module,
          spec,
          suggestion: suggestion.startsWith('.') ? suggestion : `./${suggestion}`,
        },
      });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default { rules: { 'import-boundaries': importBoundaries } };
