// Ctrl-C for commands that run scripts: the first SIGINT drains (nothing new starts, running
// scripts finish), the second stops (running scripts are killed); SIGTERM stops at once. SIGHUP
// (the terminal or SSH session closed) drains, as a first Ctrl-C: the scripts still running are
// watched to their end and recorded, rather than left unsupervised by a process that died.
// Scripts run in their own sessions, so the terminal's SIGINT and SIGHUP reach only simorg, which decides.
export async function interruptible<T>(
  stderr: NodeJS.WritableStream,
  body: (drain: AbortSignal, stop: AbortSignal) => Promise<T>,
  messages = {
    drain: 'simorg: finishing the running scripts, starting no more (Ctrl-C again to stop them)',
    stop: 'simorg: stopping the running scripts',
  },
  /** The stop signal's reason: 'cancel' (runs recorded cancelled) or 'requeue' (their jobs go back). */
  stopReason: 'cancel' | 'requeue' = 'cancel',
): Promise<T> {
  const drain = new AbortController();
  const stop = new AbortController();
  const onSignal = () => {
    if (!drain.signal.aborted) {
      stderr.write(`\n${messages.drain}\n`);
      drain.abort();
    } else if (!stop.signal.aborted) {
      stderr.write(`\n${messages.stop}\n`);
      stop.abort(stopReason);
    }
  };
  // SIGTERM (a process manager, a CI timeout) wants us gone soon: both steps at once.
  const onTerm = () => {
    onSignal();
    onSignal();
  };
  const onHup = () => {
    // The terminal is gone: writing to it fails (EIO), which must not end the process.
    for (const s of [process.stdout, process.stderr, stderr] as NodeJS.WritableStream[])
      s.on('error', ignore);
    if (drain.signal.aborted) return;
    stderr.write(`\nsimorg: the terminal closed (SIGHUP); finishing the running scripts, starting no more\n`);
    drain.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  try {
    return await body(drain.signal, stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
  }
}

function ignore(): void {}
