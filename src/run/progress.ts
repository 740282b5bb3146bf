import type { RunOutcome } from './run-job.js';
import type { RunEvent } from './workers.js';

/** Colours and formats, handed in by the command: the core does not import the CLI's output module. */
export interface Style {
  status(word: string, text: string): string;
  dim(text: string): string;
  blue(text: string): string;
  duration(ms: number): string;
  /** Untrusted text (a script's path, its error line) made safe for one line of the output. */
  text(value: unknown): string;
}

export interface Progress {
  event(e: RunEvent): void;
  /** Adds to the number of runs expected (a `--stale` run learns its layers one by one). */
  expect(n: number): void;
  done(): void;
}

const WORD: Record<RunOutcome['status'], string> = {
  succeeded: 'ok',
  failed: 'failed',
  'timed-out': 'timed-out',
  cancelled: 'cancelled',
};

/** One finished run as a plain line: `[3/50] ok  sims/a.ts  1.2s  run 3f2a9c1b0d4e`. */
export function outcomeLine(color: Style, n: number, total: number, o: RunOutcome): string {
  const word = color.status(o.status, WORD[o.status].padEnd(9));
  const err =
    o.status === 'succeeded' || !o.error
      ? ''
      : `  ${color.dim(color.text(o.error.split('\n')[0]!.slice(0, 120)))}`;
  return `[${String(n).padStart(String(total).length)}/${total}] ${word} ${color.text(o.script)}  ${color.duration(o.durationMs)}  run ${o.runId}${err}`;
}

/** Plain lines for pipes and logs; on a terminal, a live block (one line per worker and a counter) redrawn in place. */
export function createProgress(stream: NodeJS.WritableStream, color: Style, live: boolean): Progress {
  let total = 0;
  let finished = 0;
  const counts: Record<string, number> = {};
  const slots = new Map<number, { script: string; at: number }>();
  let drawn = 0;
  const clear = () => {
    if (drawn) stream.write(`\x1b[${drawn}A\x1b[0J`);
    drawn = 0;
  };
  const draw = () => {
    if (!live) return;
    clear();
    const lines = [...slots.entries()]
      .sort(([a], [b]) => a - b)
      .map(
        ([w, s]) =>
          `  ${color.blue('running')}  w${w + 1}  ${color.text(s.script)}  ${color.dim(color.duration(Date.now() - s.at))}`,
      );
    const tally = Object.entries(counts).map(([s, n]) =>
      color.status(s, `${n} ${WORD[s as RunOutcome['status']]}`),
    );
    lines.push(`[${finished}/${total}] ${tally.join(' · ') || color.dim('starting')}`);
    stream.write(lines.join('\n') + '\n');
    drawn = lines.length;
  };
  // Redrawn at most every 100 ms: fifty quick scripts must not cost fifty full redraws a second.
  let last = 0;
  let pending: NodeJS.Timeout | undefined;
  const redraw = () => {
    if (!live || pending) return;
    const wait = 100 - (Date.now() - last);
    if (wait <= 0) {
      last = Date.now();
      draw();
    } else {
      pending = setTimeout(() => {
        pending = undefined;
        last = Date.now();
        draw();
      }, wait);
    }
  };
  const timer = live ? setInterval(redraw, 500) : undefined;
  timer?.unref();
  return {
    expect(n) {
      total += n;
      redraw();
    },
    event(e) {
      if (e.type === 'start') slots.set(e.worker, { script: e.script, at: e.at });
      else {
        slots.delete(e.worker);
        finished++;
        counts[e.outcome.status] = (counts[e.outcome.status] ?? 0) + 1;
        clear();
        stream.write(outcomeLine(color, finished, total, e.outcome) + '\n');
      }
      redraw();
    },
    done() {
      clearInterval(timer);
      clearTimeout(pending);
      clear();
    },
  };
}
