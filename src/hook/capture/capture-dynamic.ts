// Opt-in (SIMORG_CAPTURE_DYNAMIC_IMPORTS=1): every ES module as it loads, seen by a
// module.register() load hook (a data: URL, so it needs no file of ours) that posts each file: URL
// to a MessagePort, drained synchronously at exit. It sees what the static walk cannot (imports
// with computed specifiers, the ES modules of packages), but Node runs such hooks on a thread of
// their own: it costs a run some 120-190 ms, so it is not the default. It only sees what loads
// after it, so the script must be started with `--import simorg/register`.
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

const LOADER = `
let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) {
  const r = await next(url, context);
  if (url.startsWith('file:')) port.postMessage(url);
  return r;
}`;

let port: MessagePort | undefined;
const esmUrls = new Set<string>();

export function installDynamicCapture(): void {
  const register = (nodeModule as { register?: (s: string, o: object) => void }).register;
  if (typeof register !== 'function') return;
  const ch = new MessageChannel();
  register(`data:text/javascript,${encodeURIComponent(LOADER)}`, {
    data: { port: ch.port2 },
    transferList: [ch.port2],
  });
  ch.port1.unref();
  port = ch.port1;
}

/** Absolute paths of the ES modules the load hook saw, so far. */
export function esmFiles(): string[] {
  if (port)
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port))
      esmUrls.add(String(m.message));
  const files: string[] = [];
  for (const u of esmUrls) {
    try {
      files.push(fileURLToPath(u));
    } catch {
      // not a file URL
    }
  }
  return files;
}
