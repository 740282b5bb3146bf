import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Tests run the built CLI and hook exactly as a user would (bin/simorg.js, dist/), so build once first.
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
}
