// simorg's version, written into every figure's provenance. A constant (checked against
// package.json by a test) because reading package.json would cost the hook a file read at load.
export const SIMORG_VERSION = '0.1.0';
