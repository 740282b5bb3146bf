// File names as GNU make and the shell must see them in simorg.mk. What make can and cannot take
// was found by trying each character in GNU make 4.3 as a target, as a prerequisite and in both
// (test/e2e/makefile.test.ts keeps the worst of them honest):
// - ` `, `#`, `:` and the wildcards `*?[]` take a backslash anywhere;
// - `%` takes one in a target (else the rule becomes a pattern rule) but keeps it in a prerequisite;
// - `|` takes one in a prerequisite (else it starts the order-only list) but keeps it in a target;
// - `=` makes the line an assignment unless it comes from a variable, `$(simorg_eq)`;
// - `$` is `$$`;
// - backslashes before an escaped character are doubled (make halves them), other ones stay;
// - `;` cannot be in a target by any means (it starts a recipe), nor can a tab, a newline or another
//   control character be in a name; a name ending in a backslash would swallow the next separator;
//   a leading `~` is a home folder whatever is put before it.
//   Such names are refused: every name here may need to be a target, if only of an empty rule.

export const EQ_VARIABLE = 'simorg_eq';

/** Why `name` cannot be written in simorg.mk, or null when it can. */
export function unmakeable(name: string): string | null {
  if (name.includes('\n')) return 'a newline';
  if (name.includes('\t')) return 'a tab';
  if (/[\x00-\x1f\x7f]/.test(name)) return 'a control character';
  if (name.includes(';')) return "a ';'";
  if (name.endsWith('\\')) return 'a trailing backslash';
  // make reads `~root/x` as /root/x, even written `./~root/x` or `\~root/x`.
  if (name.startsWith('~')) return "a leading '~'";
  return null;
}

function escape(name: string, special: string): string {
  let out = '';
  let slashes = 0;
  for (const c of name) {
    if (c === '\\') {
      slashes++;
      continue;
    }
    const escaped = special.includes(c);
    out += '\\'.repeat(escaped ? slashes * 2 : slashes);
    slashes = 0;
    if (c === '$') out += '$$';
    else if (c === '=') out += `$(${EQ_VARIABLE})`;
    else out += escaped ? `\\${c}` : c;
  }
  return out + '\\'.repeat(slashes);
}

/** A path as a make target (check `unmakeable` first). */
export const makeTarget = (p: string): string => escape(p, ' #:*?[]%');

/** A path as a make prerequisite (check `unmakeable` first). */
export const makePrereq = (p: string): string => escape(p, ' #:*?[]|');

/**
 * A string as one single-quoted shell word inside a recipe: make sees `$$` for each `$`, the shell
 * sees a literal string, so no name can run a command.
 */
export function shellWord(s: string): string {
  return `'${s.replace(/'/g, "'\\''").replace(/\$/g, '$$$$')}'`;
}

/** Text for a `#` comment line: one line, no trailing backslash (it would continue the comment). */
export function commentText(s: string): string {
  return JSON.stringify(s)
    .slice(1, -1)
    .replace(/[\x7f]/g, '\\x7f')
    .replace(/\\+$/, (m) => `${m} `);
}
