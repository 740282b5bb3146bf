// Ctrl-C for commands that run scripts: the first SIGINT drains (nothing new starts, running
// scripts finish), the second stops (running scripts are killed); SIGTERM stops at once.
// Scripts run in their own process groups, so the terminal's SIGINT reaches only simorg, which decides.
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
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onTerm);
  try {
    return await body(drain.signal, stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onTerm);
  }
}
