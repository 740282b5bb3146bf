// Which files found by `scan` are helper modules, not scripts: a file that a tracked or found script
// imports (`lib/model.mjs`) is code the scripts share, and running it alone means nothing. Two
// witnesses: what the latest run of each tracked script loaded (its `module` rows), and a static
// scan of the imports of every found or tracked JavaScript/TypeScript file (for what never ran).

import { extname, join } from 'node:path';
import type { Project } from '../project.js';
import { selectRecordedModules } from '../store/modules.js';
import { IMPORTING_EXTS, ImportScanner } from './imports.js';
import { toProjectPath } from './scripts.js';

/**
 * The `candidates` (project paths) that some script imports, each with one script importing it
 * (one that is no module itself, when there is one). `importers` are the project paths whose
 * imports count: the tracked and found scripts.
 */
export function findModules(
  project: Project,
  candidates: Iterable<string>,
  importers: Iterable<string>,
): Map<string, string> {
  // Only JavaScript/TypeScript files can be imported: with none untracked (a project whose scripts
  // are all tracked), nothing needs reading.
  const wanted = new Set([...candidates].filter((p) => IMPORTING_EXTS.has(extname(p))));
  const by = new Map<string, string[]>();
  const add = (module: string, script: string) => {
    if (module === script || !wanted.has(module)) return;
    const list = by.get(module);
    if (list) list.push(script);
    else by.set(module, [script]);
  };
  if (!wanted.size) return new Map();
  for (const { module, script } of selectRecordedModules(project.db)) add(module, script);
  const scanner = new ImportScanner();
  for (const script of importers) {
    if (!IMPORTING_EXTS.has(extname(script))) continue;
    for (const abs of scanner.reach(join(project.root, script)).modules)
      add(toProjectPath(project.root, project.root, abs), script);
  }
  const out = new Map<string, string>();
  for (const [module, scripts] of by) out.set(module, scripts.find((s) => !by.has(s)) ?? scripts[0]!);
  return out;
}
