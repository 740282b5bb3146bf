// Build step: replaces tsc's dist/hook/register.js with one ES module holding it and the boot
// path it imports (see src/hook/register.ts for why). esbuild is already in the tree (tsx runs on
// it); it bundles only the files register.ts imports statically: what lazy.ts loads stays in
// dist/hook-cjs, loaded when needed.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['src/hook/register.ts'],
  outfile: 'dist/hook/register.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  allowOverwrite: true,
  logLevel: 'warning',
  legalComments: 'none',
  banner: { js: '// Bundled by scripts/bundle-register.mjs from src/hook/register.ts and its imports.' },
});
