import type { StatusIndex } from './status-index.js';
import { writtenBy } from './graph.js';
import { commentText, EQ_VARIABLE, makePrereq, makeTarget, shellWord, unmakeable } from './make-quote.js';
import type { ScriptState } from './types.js';

// Makefile rules from the recorded dependencies, to `include` from a Makefile in the project root.
//
// Each script gets a stamp per run config, `.simorg/stamps/$(SIMORG_CONFIG)/<script>.stamp`, that
// depends on the script, the local modules it loaded and the files it read; its recipe is
// `simorg run --if-stale --config $(SIMORG_CONFIG) <script>`, then the stamp. make decides by mtimes
// what *might* need a run and simorg decides by content whether it does, so a touched-but-unchanged
// file costs one quick `--if-stale` and no run. Stamps per config keep a quick run (`short`) from
// passing for a real one: another SIMORG_CONFIG has no stamps yet, so every script is judged again.
// Each file a script wrote is a target of that script's stamp (with an empty recipe), so an
// upstream script is brought up to date before the scripts that read its outputs: plain `make`
// chains the pipeline. Every other prerequisite gets an empty rule (as `gcc -MP` does) so that a
// deleted input re-runs its readers instead of stopping make with "No rule to make target".
// File names reach make escaped (make-quote.ts) and the shell single-quoted; a name make cannot
// take is left out with a warning: a script so named gets no rule, and a script with a dependency
// so named is asked about on every make (simorg judges it by content).

export const STAMP_DIR = '.simorg/stamps';
const FORCE = 'simorg-force';
// Run config names go into a make variable and stamp paths: keep them to plain words.
const CONFIG_NAME = /^[\w.+@,-]+$/;

export interface MakefileOutput {
  text: string;
  /** One line each: a name left out, and why. */
  warnings: string[];
}

/** A name for a warning line: control characters shown escaped, never raw on a terminal. */
const shown = (name: string): string => (/[\x00-\x1f\x7f]/.test(name) ? JSON.stringify(name) : name);

export function isMakeConfigName(name: string): boolean {
  return CONFIG_NAME.test(name) && !name.startsWith('-');
}

// Stamps of $(SIMORG_CONFIG); the config name is a plain word (checked where it is chosen, see
// isMakeConfigName), so it may sit inside the shell's single quotes.
const STAMPS = `${STAMP_DIR}/$(SIMORG_CONFIG)`;
/** `rel` under the stamp folder, as one shell word. */
const inStamps = (rel: string): string => `'${STAMPS}${shellWord(rel && `/${rel}`).slice(1)}`;

// minimatch reads these in a `simorg run` argument as pattern syntax; escaped, they name one file.
const globLiteral = (p: string): string => p.replace(/[\\*?[\]{}()!+@#]/g, '\\$&');
// A leading `-` would be read as an option.
const runArgument = (p: string): string => shellWord(globLiteral(p.startsWith('-') ? `./${p}` : p));

// A recipe's list of files as shell words, each from the project root (`./`: a leading `-` is
// never an option).
const shellList = (paths: string[]): string => paths.map((p) => shellWord(`./${p}`)).join(' ');

function recipe(script: string, deps: string[], outputs: string[]): string[] {
  const stamp = `${script}.stamp`;
  const dir = script.includes('/') ? script.slice(0, script.lastIndexOf('/')) : '';
  // The stamp is started before the run and renamed after it succeeds: an input edited during the
  // run is newer than the stamp, so the next make asks again; a failed run leaves no stamp.
  const tmp = inStamps(`${stamp}.tmp`);
  const lines = [
    `\t@mkdir -p ${inStamps(dir)} && touch ${tmp}`,
    `\t@$(SIMORG) run --if-stale --config '$(SIMORG_CONFIG)' $(SIMORG_RUN_FLAGS) ${runArgument(script)} || { e=$$?; rm -f ${tmp}; exit $$e; }`,
    // The stamp takes the time of its newest input when that is older than the start (always, when
    // no input was edited during the run), not the time now: a script found fresh wrote nothing,
    // and its outputs (targets of the stamp) must not look older than the stamp, or `make -q`
    // would report work after every make that found scripts fresh. Strictly older: a shell whose
    // `-nt` sees whole seconds keeps the start time when in doubt (an edit is never missed).
    `\t@n=; for f in ${shellList(deps)}; do if [ -e "$$f" ] && { [ -z "$$n" ] || [ "$$f" -nt "$$n" ]; }; then n=$$f; fi; done; if [ -n "$$n" ] && [ ${tmp} -nt "$$n" ]; then touch -r "$$n" ${tmp}; fi`,
  ];
  // An input touched after the last run (content unchanged, so no run) is still newer than the
  // outputs: those older than the stamp get its time, as if the stamp had made them, which they
  // are targets of. Their readers are then asked once (--if-stale, no run) by this same make.
  if (outputs.length)
    lines.push(
      `\t@for f in ${shellList(outputs)}; do if [ -e "$$f" ] && [ ${tmp} -nt "$$f" ]; then touch -c -r ${tmp} "$$f"; fi; done`,
    );
  lines.push(`\t@mv -f ${tmp} ${inStamps(stamp)}`);
  return lines;
}

export async function makefileRules(
  index: StatusIndex,
  states: ScriptState[],
  options: { defaultConfig: string },
): Promise<MakefileOutput> {
  const warnings: string[] = [];
  const refused = new Set<string>();
  // `say` words the warning from the name as shown and the reason (`a newline`...).
  const makeable = (name: string, say: (name: string, why: string) => string): boolean => {
    const why = unmakeable(name);
    if (why === null) return true;
    const line = say(shown(name), `${why}, which make cannot take in a file name`);
    if (!refused.has(line)) warnings.push(line);
    refused.add(line);
    return false;
  };
  const out: string[] = [
    '# Generated by `simorg makefile` from the recorded runs; do not edit. Regenerate it after runs',
    '# that change what scripts load, read or write. Paths are relative to the project root.',
    '# Variables you may set, on the command line or before including this file:',
    '#   SIMORG            the simorg command (e.g. `simorg` when installed globally, or `npx simorg`)',
    '#   SIMORG_CONFIG     the run config to run and judge scripts with; each keeps its own stamps',
    '#   SIMORG_RUN_FLAGS  more `simorg run` flags (e.g. --reason "...")',
    'SIMORG ?= node_modules/.bin/simorg',
    `SIMORG_CONFIG ?= ${options.defaultConfig}`,
    '# Blanks around the name (a comment after it in a Makefile keeps them) would enter the stamp paths.',
    'override SIMORG_CONFIG := $(strip $(SIMORG_CONFIG))',
    'SIMORG_RUN_FLAGS ?=',
    `${EQ_VARIABLE} := =`,
    '',
  ];
  const targets = new Set<string>();
  const prereqs = new Set<string>();
  const stamps: string[] = [];
  const rules: string[] = [];
  let forced = false;
  for (const st of states) {
    const path = st.script.path;
    if (!makeable(path, (n, why) => `left ${n} out of the rules: its name has ${why}`)) continue;
    await index.scan(st);
    const deps: string[] = [];
    let force = false;
    for (const d of st.deps) {
      if (d.kind !== 'script' && d.kind !== 'module' && d.kind !== 'read') continue;
      // A file the script both reads and writes would make its stamp depend on itself.
      if (index.graph.producer(d.name) === st.script.id || deps.includes(d.name)) continue;
      const ok = makeable(
        d.name,
        (n, why) => `${shown(path)} is judged by simorg on every make: its dependency ${n} has ${why}`,
      );
      if (ok) deps.push(d.name);
      else force = true;
    }
    if (!deps.includes(path)) deps.unshift(path);
    deps.forEach((d) => prereqs.add(d));
    if (force) forced = true;
    const target = `${STAMPS}/${makeTarget(`${path}.stamp`)}`;
    const prereq = `${STAMPS}/${makePrereq(`${path}.stamp`)}`;
    stamps.push(prereq);
    const outputs = writtenBy(index.graph, st.script.id).filter(
      (w) =>
        index.graph.producer(w) === st.script.id &&
        makeable(w, (n, why) => `${n}, written by ${shown(path)}, is not a make target: it has ${why}`),
    );
    rules.push(
      `# ${commentText(`${path}: ${st.status}${st.reasons.length ? ` (${st.reasons.join('; ')})` : ''}`)}`,
      `${target}: ${deps.map(makePrereq).join(' ')}${force ? ` ${FORCE}` : ''}`,
      ...recipe(path, deps, outputs),
    );
    if (outputs.length) rules.push(`${outputs.map(makeTarget).join(' ')}: ${prereq} ;`);
    outputs.forEach((o) => targets.add(o));
    rules.push('');
  }
  out.push(
    `SIMORG_STAMPS = ${stamps.join(' \\\n  ')}`,
    '',
    `# Every tracked script, brought up to date in dependency order (SIMORG_CONFIG: ${options.defaultConfig} by default).`,
    'simorg-all: $(SIMORG_STAMPS)',
    `.PHONY: simorg-all${forced ? ` ${FORCE}` : ''}`,
    ...(forced ? [`${FORCE}:`] : []),
    '',
    ...rules,
  );
  const plain = [...prereqs].filter((p) => !targets.has(p)).sort();
  if (plain.length)
    out.push(
      '# Inputs with no rule: a deleted one re-runs its readers.',
      ...plain.map((p) => `${makeTarget(p)}:`),
      '',
    );
  return { text: out.join('\n'), warnings };
}
