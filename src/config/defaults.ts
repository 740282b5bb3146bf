import { KNOWN_FORMATS as HOOK_FORMATS } from '../hook/formats.js';
import type { RunConfig } from './types.js';

// Run configs every project has (DESIGN.md, "The runner and its store"). Configured `runConfigs`
// extend them; a configured one with the same name replaces the built-in one whole.
export const BUILTIN_RUN_CONFIGS: Record<string, RunConfig> = {
  short: { name: 'short', timeout: 10, env: { SIM_QUICK: '1' }, argv: [] },
  std: { name: 'std', timeout: 1800, env: {}, argv: [] },
  full: { name: 'full', timeout: null, env: {}, argv: [] },
};

export const DEFAULT_INTERPRETERS: Record<string, string[]> = {
  '.py': ['python3'],
  '.sh': ['bash'],
  '.R': ['Rscript'],
};

/** Where simorg keeps its state, relative to the project root. */
export const STATE_DIR = '.simorg';
/** Run outputs (stdout, stderr, manifests), relative to the project root. */
export const RUNS_DIR = '.simorg/runs';
export const DEFAULT_DATABASE = '.simorg/simorg.sqlite';
export const DEFAULT_FORMATS = ['png', 'svg', 'pdf'];
export const KNOWN_FORMATS: readonly string[] = HOOK_FORMATS;
export const DEFAULT_OUTPUT_DIR = '_output';
/** Script extensions simorg recognises when scanning (configured `interpreters` add theirs). */
export const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.py', '.sh', '.R'];
/**
 * Folder names never walked by scan or track globs: dependencies, VCS and tool state. Folders whose
 * name starts with '.' and Python virtualenvs (a folder holding `pyvenv.cfg`) are skipped too.
 */
export const SKIPPED_DIRS: readonly string[] = ['node_modules', '__pycache__', 'site-packages'];
/** Scripts the runner starts under node (tsx for TypeScript) with the hook, which records what they use. */
export const NODE_SCRIPT_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
