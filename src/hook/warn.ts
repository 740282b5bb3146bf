// The hook's one-line warnings: each distinct line printed once per process (to stderr) and
// remembered for the run manifest.
import { extra } from './extra.js';

export function warnOnce(line: string): void {
  const x = extra();
  if (x.warned.has(line)) return;
  x.warned.add(line);
  x.warnings.push(line);
  process.stderr.write(line + '\n');
}
