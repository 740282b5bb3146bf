// The CommonJS build of the hook (for `require('simorg')`) lives in a folder of its own;
// this marker makes Node read its .js files as CommonJS inside our ESM package.
require('node:fs').writeFileSync(
  require('node:path').join(__dirname, '..', 'dist', 'hook-cjs', 'package.json'),
  '{ "type": "commonjs" }\n',
);
