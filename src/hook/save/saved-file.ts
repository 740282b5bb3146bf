// What a save reports for each figure file, written or not: the script API (saveFigures), the
// manifest and the exit all speak of files this way.
import type { Format } from '../flags.js';

export interface SavedFile {
  /** Creation order among figures, the NNN of figNNN. */
  index: number;
  name: string;
  format: Format;
  /** Absolute path of the file written. */
  path: string;
  /** Not written again: the figure was not drawn on since this file was saved, earlier in the run. */
  unchanged?: true;
}

/** A figure file that could not be written: nothing is left at `path`, and the run fails. */
export interface FailedFile extends SavedFile {
  /** The cause in words, e.g. `ENOSPC: disk full`. */
  error: string;
  /** The bytes could not be made (a bug, or SVG markup that cannot be read), rather than written. */
  encoding?: boolean;
}
