// Build step: bundles tsc's dist/cli (and the core it imports) into dist/cli-bundle/, which
// bin/simorg.js runs. Node loads each ES module file on its own (resolve, read, compile, link):
// `simorg status` loaded some 60 of them, a cost paid by every command. Code splitting keeps each
// command's code (and what only it imports) in chunks loaded when that command runs. Packages stay
// outside (better-sqlite3 is native; the others load as installed).
//
// Each file's `import.meta.url` is replaced by the URL of its own file in dist/, so that paths
// made from it (the hook a run preloads, simorg's own files that freshness leaves out and checks,
// the example config) are what they are without the bundle. dist/ keeps tsc's files: the API
// (`simorg/api`) and the tests use them.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const out = `${dist}/cli-bundle`;

const ownUrls = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (a) => {
      const rel = relative(dist, a.path).split(sep).join('/');
      const text = readFileSync(a.path, 'utf8');
      // The bundle's files are one folder below dist/, as tsc's cli/ and fresh/ are.
      const url = `new URL(${JSON.stringify(`../${rel}`)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

// Built beside, then renamed into place: a failed build leaves the previous bundle whole.
const tmp = `${out}.tmp-${process.pid}`;
rmSync(tmp, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'dist/cli/main.js' },
  outdir: tmp,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [ownUrls],
  banner: { js: '// Bundled by scripts/bundle-cli.mjs from dist/cli/main.js and its imports.' },
});
rmSync(out, { recursive: true, force: true });
renameSync(tmp, out);
