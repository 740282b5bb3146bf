import type { RunConfig } from './types.js';

// Run configs used when the project configures none (DESIGN.md, "The runner and its store").
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

export const DEFAULT_DATABASE = '.simorg/simorg.sqlite';
export const DEFAULT_FORMATS = ['png', 'svg', 'pdf'];
export const DEFAULT_OUTPUT_DIR = '_output';
/** Script extensions simorg recognises when scanning. */
export const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.py', '.sh', '.R'];
