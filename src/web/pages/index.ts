import type { WebContext } from '../context.js';
import type { Route } from './routes.js';
import { comparePage } from './compare.js';
import { dependenciesPage } from './dependencies.js';
import { failuresPage } from './failures.js';
import { figurePage } from './figure.js';
import { fileRunsPage } from './file-runs.js';
import { outputPage } from './output.js';
import { overviewPage } from './overview.js';
import { queuePage } from './queue.js';
import { runPage } from './run.js';
import { scriptPage } from './script.js';
import { sweepPage } from './sweep.js';
import { sweepsPage } from './sweeps.js';
import { trackingPage } from './tracking.js';

/** Every page by route: HTML, or null for "not found". */
export const PAGES: Record<
  Route,
  (ctx: WebContext, params: Record<string, string>) => string | null | Promise<string | null>
> = {
  '/': overviewPage,
  '/output': outputPage,
  '/figure': figurePage,
  '/run/:id': runPage,
  '/script': scriptPage,
  '/file-runs': fileRunsPage,
  '/compare': comparePage,
  '/queue': queuePage,
  '/failures': failuresPage,
  '/tracking': trackingPage,
  '/dependencies': dependenciesPage,
  '/sweeps': sweepsPage,
  '/sweep/:id': sweepPage,
};
