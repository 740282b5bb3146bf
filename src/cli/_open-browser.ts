import { spawn } from 'node:child_process';

// `serve --open`: the browser named by $BROWSER when set (as Python's webbrowser module and
// xdg-open read it: the first of a ':'-separated list; words split on spaces, `%s` replaced by the
// address, else the address added last), otherwise the platform's opener. No shell: the address
// is one argument whatever it holds.

/** The command and arguments that open `url`. */
export function openerCommand(url: string, env: NodeJS.ProcessEnv, platform = process.platform): string[] {
  const first = (env.BROWSER ?? '').split(':')[0]!.trim();
  if (first) {
    const words = first.split(/\s+/);
    return words.some((w) => w.includes('%s')) ? words.map((w) => w.replaceAll('%s', url)) : [...words, url];
  }
  const opener = platform === 'darwin' ? 'open' : platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  return [opener, url];
}

/** Starts the opener and leaves it; says on `stderr` when it cannot be started. */
export function openBrowser(url: string, stderr: NodeJS.WritableStream, env = process.env): void {
  const [cmd, ...args] = openerCommand(url, env);
  const child = spawn(cmd!, args, { detached: true, stdio: 'ignore' });
  child.on('error', () =>
    stderr.write(`simorg serve: could not open a browser (${cmd} failed); open the address above\n`),
  );
  child.unref();
}
