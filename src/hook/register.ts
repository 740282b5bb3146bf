// `node --import simorg/register script.js`: the hook for a script that does not import simorg.
import { lazy } from './lazy.js';

lazy('install').install();
