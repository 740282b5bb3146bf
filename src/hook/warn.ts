// The hook's one-line warnings: each distinct line printed once per process (to stderr) and
// remembered for the run manifest.
import { scriptRun } from './script-run.js';

export function warnOnce(line: string): void {
  const run = scriptRun();
  if (run.warned.has(line)) return;
  run.warned.add(line);
  run.warnings.push(line);
  process.stderr.write(line + '\n');
}
