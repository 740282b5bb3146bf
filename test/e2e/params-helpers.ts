import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Lets the project's scripts `import 'simorg'` (this repository) and use node-canvas and tsx. */
export function linkSimorg(root: string): void {
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  symlinkSync(REPO, join(root, 'node_modules', 'simorg'), 'dir');
  for (const dep of ['canvas', 'tsx'])
    symlinkSync(join(REPO, 'node_modules', dep), join(root, 'node_modules', dep), 'dir');
}
