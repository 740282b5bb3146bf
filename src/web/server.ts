import { createAdaptorServer } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import { createApp } from './app.js';
import { newToken } from './guard.js';

export interface ServeOptions {
  project: Project;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8000; 0 picks a free port. */
  port?: number;
  /** Queue workers run by the caller in this process (only shown on the pages). */
  workers?: number;
  /** Default: a new random one. */
  token?: string;
}

export interface RunningServer {
  /** The address to open, with the token. */
  url: string;
  port: number;
  token: string;
  /** Stops taking requests, ends open event streams, and resolves when the port is free. */
  close(): Promise<void>;
}

/** Starts the dashboard on host:port; rejects with a UsageError naming the port when it is taken. */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const host = o.host ?? '127.0.0.1';
  const token = o.token ?? newToken();
  const closing = new AbortController();
  let port = o.port ?? 8000;
  const { app, feed, warm } = createApp({
    project: o.project,
    token,
    host,
    port: () => port,
    workers: o.workers ?? 0,
    closing: closing.signal,
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new UsageError(`port ${port} on ${host} is in use`, {
            code: 'E_PORT_IN_USE',
            hint: `pick another with --port (e.g. --port ${port + 1})`,
          }),
        );
      } else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EACCES') {
        reject(
          new UsageError(`cannot listen on ${host}:${port} (${err.code})`, {
            code: 'E_LISTEN',
            hint: 'check --host and --port',
          }),
        );
      } else reject(err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  void warm();
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        feed.close();
        server.close(() => resolve());
        // Open pages hold keep-alive connections and event streams: the server does not wait for them.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 200).unref();
      }),
  };
}
