// An animation redraws one canvas hundreds of times; its figure is the last frame. When the whole
// canvas is wiped (clearRect over all of it, or an opaque fillRect), nothing drawn before can show
// again: the recording starts over, holding only the state still in force (styles, transform, line
// dash, for the context and for every save() level open), so memory is one frame, not all of them.
// The old recording is left as it is: a frame kept from before the wipe (canvas-track preserve(),
// a PDF/SVG canvas' own toBuffer()) may still refer to it.
import { OP, OP_SIZE, Recording } from './record.js';

type Matrix = [number, number, number, number, number, number];

interface Level {
  props: Map<string, unknown>;
  m: Matrix;
  dash?: unknown;
  /** clip() was called at this level: a wipe under a clip is not of the whole canvas. */
  clip: boolean;
}

/** A new recording with `old`'s state in force at its end, or undefined when that cannot be had. */
export function restart(old: Recording): Recording | undefined {
  if (old.dropped || old.over) return undefined;
  const stack = stateAt(old);
  if (!stack || stack.some((l) => l.clip)) return undefined;
  const out = new Recording(old.limit);
  // Each level is written whole (a save() copies the level below; restating a value is harmless),
  // but the transform only where it differs from the level below, identity being a fresh context's.
  let below: Matrix = [1, 0, 0, 1, 0, 0];
  stack.forEach((level, depth) => {
    if (depth > 0) out.op0(OP.SAVE);
    for (const [name, v] of level.props) out.ref(OP.SET, name, v);
    const [a, b, c, d, e, f] = level.m;
    if (level.m.some((x, i) => x !== below[i])) out.op6(OP.SET_TRANSFORM, a, b, c, d, e, f);
    if (level.dash !== undefined) out.ref(OP.CALL, 'setLineDash', level.dash);
    below = level.m;
  });
  return out;
}

// The context's state, simulated from the ops: a recording starts on a fresh context (made, or
// reset by a resize), or with a prelude written here.
function stateAt(rec: Recording): Level[] | undefined {
  const f = rec.ops;
  const refs = rec.refs;
  const stack: Level[] = [{ props: new Map(), m: [1, 0, 0, 1, 0, 0], clip: false }];
  let top = stack[0]!;
  for (let i = 0; i < rec.length; i += OP_SIZE[f[i]!] ?? 1) {
    switch (f[i]) {
      case OP.SAVE:
        stack.push((top = { props: new Map(top.props), m: [...top.m], dash: top.dash, clip: top.clip }));
        break;
      case OP.RESTORE:
        if (stack.length > 1) stack.pop();
        top = stack[stack.length - 1]!;
        break;
      case OP.SET:
        top.props.set(refs[f[i + 1]!] as string, refs[f[i + 1]! + 1]);
        break;
      case OP.TRANSLATE:
        multiply(top.m, 1, 0, 0, 1, f[i + 1]!, f[i + 2]!);
        break;
      case OP.SCALE:
        multiply(top.m, f[i + 1]!, 0, 0, f[i + 2]!, 0, 0);
        break;
      case OP.ROTATE: {
        const r = f[i + 1]!;
        multiply(top.m, Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0);
        break;
      }
      case OP.TRANSFORM:
        multiply(top.m, f[i + 1]!, f[i + 2]!, f[i + 3]!, f[i + 4]!, f[i + 5]!, f[i + 6]!);
        break;
      case OP.SET_TRANSFORM:
        top.m = [f[i + 1]!, f[i + 2]!, f[i + 3]!, f[i + 4]!, f[i + 5]!, f[i + 6]!];
        break;
      case OP.CALL: {
        const name = refs[f[i + 1]!];
        if (name === 'clip') top.clip = true;
        else if (name === 'setLineDash') top.dash = refs[f[i + 1]! + 1];
        // addPage starts a page of a PDF: the pages before it are not to be dropped.
        else if (name === 'addPage') return undefined;
        break;
      }
      default:
        if (OP_SIZE[f[i]!] === undefined) return undefined; // corrupt: keep everything
    }
  }
  return stack;
}

// m = m x t, in canvas order (x' = a x + c y + e, y' = b x + d y + f).
function multiply(m: Matrix, a: number, b: number, c: number, d: number, e: number, f: number): void {
  const [ma, mb, mc, md, me, mf] = m;
  m[0] = ma * a + mc * b;
  m[1] = mb * a + md * b;
  m[2] = ma * c + mc * d;
  m[3] = mb * c + md * d;
  m[4] = ma * e + mc * f + me;
  m[5] = mb * e + md * f + mf;
}
