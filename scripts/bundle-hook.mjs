// Build step: replaces tsc's output for the hook's start-up files with esbuild bundles, one load
// each (why: docs/architecture.md, "The hook"): the `--import` preload (dist/hook/register.js) and
// its manifest capture (dist/hook/capture/capture.js, es-module-lexer included), `import 'simorg'`
// (dist/hook/index.js), and the `--require` preload the runner uses (dist/hook-cjs/register-cjs.js)
// with its capture (dist/hook-cjs/capture/capture.js). esbuild is already in the tree (tsx runs on
// it); the rest of the hook stays tsc's files in dist/hook-cjs, loaded by lazy.ts when needed.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

// `import ... from 'node:fs'` in an ES module makes Node build an ESM facade of the builtin,
// reading every export (some 0.5-1 ms each for fs, os...); the bundles take the builtin object as
// it is instead, and only the names they use (the rest is tree-shaken away).
const builtinsAsObjects = {
  name: 'builtins-as-objects',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (a) =>
      a.kind === 'dynamic-import' ? { path: a.path, external: true } : { path: a.path, namespace: 'builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (a) => {
      const names = Object.keys(require(a.path)).filter(
        (k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default',
      );
      const id = JSON.stringify(a.path);
      return {
        loader: 'js',
        contents:
          // process.getBuiltinModule: Node >= 20.16; before it, the ordinary import.
          `const m = process.getBuiltinModule ? process.getBuiltinModule(${id}) : (await import(${id})).default;\n` +
          'export default m;\n' +
          names.map((n) => `export const ${n} = /* @__PURE__ */ (() => m.${n})();\n`).join(''),
      };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  allowOverwrite: true,
  logLevel: 'warning',
  legalComments: 'none',
  // Whitespace and syntax only, names kept for stack traces: Node parses a preload on every start,
  // and the CommonJS preload's 12.5 KB became 8.8 KB, some 0.5 ms less (bench/hook-load.bench.js).
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [builtinsAsObjects],
};
// One bundle: `entry` (a file of src/hook/) into `outfile`, its first line naming where it came from.
const bundle = (options, entry, outfile, more = {}) =>
  build({
    ...options,
    ...more,
    entryPoints: [`src/hook/${entry}`],
    outfile,
    banner: {
      js: `// Bundled by scripts/bundle-hook.mjs from src/hook/${entry} and its imports${entry === 'capture/capture.ts' ? ' (es-module-lexer, MIT, included)' : ''}.`,
    },
  });

await bundle(common, 'register.ts', 'dist/hook/register.js', { external: ['./capture/capture.js'] });
// `import 'simorg'`: index.ts and the one small file it imports (own-file.ts), one load. Without
// the plugin: its top-level await would make the script's own module graph asynchronous, which
// changes the stack Node prints for the script's uncaught error.
await bundle({ ...common, plugins: [] }, 'index.ts', 'dist/hook/index.js', { external: ['./api.js'] });
await bundle(common, 'capture/capture.ts', 'dist/hook/capture/capture.js');

// The CommonJS preload and its capture. `require('node:fs')` is cheap in CommonJS (no ESM facade),
// so no builtins plugin. dist/hook-cjs/capture/capture.js is also what lazy('capture/capture') loads for `require('simorg')`:
// the bundle holds its own copies of the small modules it imports, sharing the state on globalThis.
//
// One exception: `node:module`'s public face is not loaded before a --require preload runs, and
// loading it costs some 0.7 ms (it brings the ES-module loader and source maps). Its Module class
// is the CommonJS loader's own, `module.constructor`, already there: the bundles take that, and
// what Module lacks (syncBuiltinESMExports) from node:module when called.
const moduleClass = {
  name: 'module-class',
  setup(b) {
    b.onResolve({ filter: /^(node:)?module$/ }, (a) =>
      a.kind === 'require-call' ? undefined : { path: a.path, namespace: 'module-class' },
    );
    b.onLoad({ filter: /.*/, namespace: 'module-class' }, () => {
      const m = require('node:module');
      const names = Object.keys(m).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
      return {
        loader: 'js',
        contents:
          'const M = module.constructor;\n' +
          'export default M;\n' +
          names
            .map((n) =>
              n in m.Module
                ? `export const ${n} = /* @__PURE__ */ (() => M.${n})();\n`
                : `export function ${n}(...args) { return require('node:module').${n}(...args); }\n`,
            )
            .join(''),
      };
    });
  },
};
const cjs = { ...common, format: 'cjs', plugins: [moduleClass] };
await bundle(cjs, 'register-cjs.ts', 'dist/hook-cjs/register-cjs.js');
await bundle(cjs, 'capture/capture.ts', 'dist/hook-cjs/capture/capture.js');
