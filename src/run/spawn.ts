import { spawn } from 'node:child_process';

// Starting the script. node:child_process rather than execa: execa 9 takes ~190 ms to import and
// ~4 ms more per spawn here, and the runner uses none of what it adds: output goes to file
// descriptors the child writes itself, and timeouts signal the whole process group (see run-job.ts).

/** How a process ended: its exit code or signal, or the error that kept it from starting. */
export interface ChildResult {
  exitCode: number | null;
  signal: string | null;
  error: Error | null;
}

export interface Exit {
  pid: number | undefined;
  /** Resolves when the process has exited (or could not start). */
  done: Promise<ChildResult>;
}

/** Starts `file args` detached (its own process group), stdin closed, stdout/stderr to the given fds. */
export function startChild(
  file: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; stdout: number; stderr: number },
): Exit {
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', options.stdout, options.stderr],
    detached: true,
  });
  const done = new Promise<ChildResult>((resolve) => {
    let error: Error | null = null;
    child.once('error', (err) => {
      error = err;
      // A process that never started emits no 'exit'.
      if (child.pid === undefined) resolve({ exitCode: null, signal: null, error });
    });
    child.once('exit', (code, signal) => resolve({ exitCode: code, signal, error }));
  });
  return { pid: child.pid, done };
}
