// Modules the script loaded. CommonJS: the require cache. ESM: a module.register() load hook
// (a data: URL, so it needs no file of ours) posts each file: URL to a MessagePort, drained
// synchronously at exit. The hook only sees what loads after it, so a runner should start
// scripts with `--import simorg/register`.
import { rawReadFileSync } from './capture-fs.js';
import * as nodeModule from 'node:module';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
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

export function installModuleCapture(): void {
  const register = (nodeModule as { register?: (s: string, o: object) => void }).register;
  if (typeof register !== 'function') return;
  const ch = new MessageChannel();
  register(`data:text/javascript,${encodeURIComponent(LOADER)}`, { data: { port: ch.port2 }, transferList: [ch.port2] });
  ch.port1.unref();
  port = ch.port1;
}

function drain(): void {
  if (!port) return;
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) esmUrls.add(String(m.message));
}

/** Whether the ESM load hook saw `file` load (false: it loaded before the capture started). */
export function sawEsm(file: string): boolean {
  drain();
  for (const u of esmUrls) {
    try {
      if (fileURLToPath(u) === file) return true;
    } catch {
      // not a file URL
    }
  }
  return false;
}

/** Every loaded file (absolute paths), CommonJS and ESM. */
export function loadedFiles(): string[] {
  drain();
  const files = new Set(Object.keys(createRequire(join(process.cwd(), 'x.js')).cache));
  for (const u of esmUrls) {
    try {
      files.add(fileURLToPath(u));
    } catch {
      // not a file
    }
  }
  return [...files].filter((f) => f.startsWith(sep) || /^[A-Za-z]:[\\/]/.test(f));
}

const NM = `${sep}node_modules${sep}`;
const versions = new Map<string, string | undefined>();

/** `name` and `version` of the package in node_modules that holds `file`, or undefined. */
export function packageOf(file: string, readFile: (p: string) => string = (p) => rawReadFileSync(p, 'utf8')): [string, string] | undefined {
  const at = file.lastIndexOf(NM);
  if (at < 0) return undefined;
  const rest = file.slice(at + NM.length).split(sep);
  const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  if (!name) return undefined;
  const pj = join(file.slice(0, at + NM.length), ...name.split('/'), 'package.json');
  if (!versions.has(pj)) {
    try {
      versions.set(pj, String((JSON.parse(readFile(pj)) as { version?: unknown }).version ?? 'unknown'));
    } catch {
      versions.set(pj, undefined);
    }
  }
  const v = versions.get(pj);
  return v === undefined ? undefined : [name, v];
}

/** Whether a file is part of simorg's own hook (not something the script loaded). */
export function isHookFile(file: string): boolean {
  if (!/[\\/]dist[\\/]hook(-cjs)?[\\/]/.test(file)) return false;
  const root = dirname(dirname(dirname(file)));
  try {
    return (JSON.parse(rawReadFileSync(join(root, 'package.json'), 'utf8')) as { name?: string }).name === 'simorg';
  } catch {
    return false;
  }
}
