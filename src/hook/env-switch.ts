// How a SIMORG_* switch reads (part of the hook's contract: the runner reads the same variables).

const OFF = new Set(['0', 'false', 'no', 'off']);

/** A SIMORG_* switch is on when set, whatever the value (even empty), except 0/false/no/off. */
export function envSwitch(value: string | undefined): boolean {
  return value !== undefined && !OFF.has(value.trim().toLowerCase());
}
