// What a worker holds: who it is, and the job it claimed from the queue (apart from queue.ts, so
// the run writer can name them without importing the queue, which completes runs through it).

export interface WorkerId {
  host: string;
  pid: number;
}

export interface ClaimedJob {
  id: number;
  scriptId: number;
  scriptPath: string;
  runConfig: string;
  argv: string[];
  reason: string | null;
  tags: string[];
  params: Record<string, unknown>;
  batch: string | null;
  runId: string;
  /** The sweep the job belongs to, if any, and its figures' folder below figures/<script>/. */
  sweepId?: number | null;
  figuresSubdir?: string | null;
}
