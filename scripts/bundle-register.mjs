// Build step: replaces tsc's dist/hook/register.js with one ES module holding it and the boot
// path it imports (see src/hook/register.ts for why), and dist/hook/capture.js with one holding
// the manifest capture, es-module-lexer included. esbuild is already in the tree (tsx runs on it);
// what lazy.ts loads stays in dist/hook-cjs, loaded when needed.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  allowOverwrite: true,
  logLevel: 'warning',
  legalComments: 'none',
};
await build({
  ...common,
  entryPoints: ['src/hook/register.ts'],
  outfile: 'dist/hook/register.js',
  external: ['./capture.js'],
  banner: { js: '// Bundled by scripts/bundle-register.mjs from src/hook/register.ts and its imports.' },
});
await build({
  ...common,
  entryPoints: ['src/hook/capture.ts'],
  outfile: 'dist/hook/capture.js',
  banner: { js: '// Bundled by scripts/bundle-register.mjs from src/hook/capture.ts and its imports (es-module-lexer, MIT, included).' },
});
