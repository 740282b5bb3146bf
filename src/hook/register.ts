// `node --import simorg/register script.js`: the hook for a script that does not import simorg.
import { install } from './install.js';

install();
