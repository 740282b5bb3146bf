// The page routes, apart from the pages themselves: the server registers them before it loads
// the pages (index.ts maps each to its page, and the type keeps the two lists the same).
export const ROUTES = [
  '/',
  '/output',
  '/figure',
  '/run/:id',
  '/script',
  '/file-runs',
  '/compare',
  '/queue',
  '/failures',
  '/tracking',
  '/dependencies',
  '/sweeps',
  '/sweep/:id',
] as const;

export type Route = (typeof ROUTES)[number];
