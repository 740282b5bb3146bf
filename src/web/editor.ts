import { spawn } from 'node:child_process';
import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import { absoluteOf } from './safe-path.js';
import { trackedScriptIdOf } from '../store/scripts.js';

// "Open in editor": the config's `editor` command, split into words (no shell, no quoting
// rules to get wrong), with the script's absolute path as one more argument. Nothing from the
// request becomes part of a command line but that one argument, a tracked script's path.

export function editorArgv(editor: string | undefined, file: string): string[] {
  const words = (editor ?? '').trim().split(/\s+/).filter(Boolean);
  if (!words.length) {
    throw new UsageError('no editor is configured', {
      hint: 'set "editor" in the config, e.g. "editor": "code --goto"',
    });
  }
  return [...words, file];
}

/** Starts the editor on a tracked script (detached: it outlives neither nor waits for the page). */
export function openInEditor(project: Project, scriptPath: string): string[] {
  const tracked = trackedScriptIdOf(project.db, scriptPath);
  if (tracked === undefined)
    throw new UsageError(`'${scriptPath}' is not a tracked script`, { hint: 'pick one from the Overview' });
  const argv = editorArgv(project.config.editor, absoluteOf(project.root, scriptPath));
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: project.root,
    detached: true,
    stdio: 'ignore',
    shell: false,
  });
  child.on('error', () => {}); // an editor that is not installed: the page has already answered
  child.unref();
  return argv;
}
