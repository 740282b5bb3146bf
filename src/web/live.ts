import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Db } from '../store/db.js';
import { statusEpoch } from '../store/status-snapshot.js';

// Live pages: one cheap read of the database's change counter (status_epoch, which triggers count
// up on every write to scripts, runs, their files and jobs, whoever writes: this server, `simorg
// run`, a worker elsewhere) every 250 ms, and a server-sent `change` event to every open page when
// it moved. Pages then fetch their live parts again. No page-wide timer, no polling by each page.

export const POLL_MS = 250;

export class ChangeFeed {
  private readonly listeners = new Set<(epoch: number) => void>();
  private epoch: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    pollMs = POLL_MS,
  ) {
    this.epoch = this.read();
    this.timer = setInterval(() => this.poll(), pollMs);
    this.timer.unref();
  }

  private read(): number {
    return statusEpoch(this.db) ?? 0;
  }

  private poll(): void {
    if (!this.listeners.size) return;
    let now: number;
    try {
      now = this.read();
    } catch {
      return; // the database is busy past its timeout: the next poll looks again
    }
    if (now === this.epoch) return;
    this.epoch = now;
    for (const l of this.listeners) l(now);
  }

  listen(fn: (epoch: number) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  close(): void {
    clearInterval(this.timer);
    this.listeners.clear();
  }
}

export function addEvents(app: Hono, feed: ChangeFeed, closing: AbortSignal): void {
  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      let wake: () => void = () => {};
      const off = feed.listen((epoch) => {
        void stream.writeSSE({ event: 'change', data: String(epoch) });
      });
      const done = new Promise<void>((r) => (wake = r));
      stream.onAbort(wake);
      closing.addEventListener('abort', wake);
      // A comment line now and then keeps proxies and the browser from timing the stream out.
      const keep = setInterval(() => void stream.write(': keep-alive\n\n'), 15_000);
      await stream.writeSSE({ event: 'hello', data: 'ok' });
      await done;
      clearInterval(keep);
      off();
      closing.removeEventListener('abort', wake);
    }),
  );
}
