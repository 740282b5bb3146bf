// The database schema, as an ordered list of migrations. A database records the number of
// migrations applied in `PRAGMA user_version`; one with a higher number than this list is from a
// newer simorg and is refused (see db.ts) rather than misread.

export const MIGRATIONS: readonly string[] = [
  /* 1: scripts, runs, files, figures, jobs, hash cache */ `
  CREATE TABLE scripts (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,          -- relative to the project root, '/' separators
    grp         TEXT,                          -- group name, or NULL
    tracked_at  INTEGER NOT NULL,              -- ms since epoch
    untracked_at INTEGER                       -- ms since epoch when untracked, else NULL; the row stays so its runs survive
  );

  CREATE TABLE runs (
    id            TEXT PRIMARY KEY,            -- 12 hex characters
    script_id     INTEGER NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    script_path   TEXT NOT NULL,               -- as tracked at run time
    script_hash   TEXT,                        -- content hash of the script when it started
    run_config    TEXT NOT NULL,               -- name
    config_json   TEXT NOT NULL,               -- the resolved RunConfig used (timeout, env, argv)
    argv_json     TEXT NOT NULL DEFAULT '[]',  -- extra argv given on the command line
    reason        TEXT,
    tags_json     TEXT NOT NULL DEFAULT '[]',
    params_json   TEXT NOT NULL DEFAULT '{}',
    status        TEXT NOT NULL,               -- running | succeeded | failed | timed-out | cancelled
    exit_code     INTEGER,
    signal        TEXT,
    error_message TEXT,
    error_stack   TEXT,
    started_at    INTEGER NOT NULL,            -- ms since epoch
    ended_at      INTEGER,
    duration_ms   INTEGER,
    stdout_path   TEXT,                        -- relative to the project root
    stderr_path   TEXT,
    git_commit    TEXT,
    git_dirty     INTEGER,
    packages_json TEXT NOT NULL DEFAULT '{}',  -- package name -> version, of packages the run loaded
    env_json      TEXT NOT NULL DEFAULT '{}',  -- node version, host, os, cpu, memory, user
    worker        TEXT                          -- host:pid of the worker that ran it
  );
  CREATE INDEX runs_script_started ON runs(script_id, started_at DESC);
  CREATE INDEX runs_started ON runs(started_at DESC);
  CREATE INDEX runs_status ON runs(status);

  -- Every file a run depended on or produced. role: script | module | read | written | figure
  CREATE TABLE run_files (
    run_id  TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    role    TEXT NOT NULL,
    path    TEXT NOT NULL,                     -- relative to the project root when inside it, else absolute
    hash    TEXT,                              -- content hash, NULL when the file was gone
    size    INTEGER,
    PRIMARY KEY (run_id, role, path)
  );
  CREATE INDEX run_files_path ON run_files(path, role);
  -- Covering: \`simorg status\` reads every file of every script's latest run without touching the table.
  CREATE INDEX run_files_run ON run_files(run_id, role, path, hash);

  CREATE TABLE figures (
    run_id  TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,                  -- creation order, 0-based
    name    TEXT NOT NULL,
    format  TEXT NOT NULL,
    path    TEXT NOT NULL,                     -- relative to the project root
    PRIMARY KEY (run_id, idx, format)
  );

  CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    script_id    INTEGER NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    run_config   TEXT NOT NULL,
    argv_json    TEXT NOT NULL DEFAULT '[]',
    reason       TEXT,
    tags_json    TEXT NOT NULL DEFAULT '[]',
    params_json  TEXT NOT NULL DEFAULT '{}',
    batch        TEXT,                         -- id shared by the jobs one \`simorg run\` queued
    state        TEXT NOT NULL DEFAULT 'queued', -- queued | running | done | cancelled | abandoned
    run_id       TEXT,
    worker_host  TEXT,
    worker_pid   INTEGER,
    heartbeat_at INTEGER,
    created_at   INTEGER NOT NULL,
    claimed_at   INTEGER,
    finished_at  INTEGER
  );
  CREATE INDEX jobs_state ON jobs(state, id);
  CREATE INDEX jobs_batch ON jobs(batch, state);

  -- Freshness: content hashes keyed by path, reused while size and mtime are unchanged.
  CREATE TABLE hash_cache (
    path     TEXT PRIMARY KEY,                 -- absolute
    size     INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    hash     TEXT NOT NULL,
    hashed_at REAL NOT NULL DEFAULT 0          -- ms since epoch; an mtime this close is not trusted (racy)
  );

  -- \`simorg status\` snapshot (src/fresh/snapshot.ts). Every write to what status reads from the
  -- database (scripts, runs, their files, jobs) counts up status_epoch, so a snapshot taken at one
  -- count is known to describe the database exactly while the count is the same.
  CREATE TABLE status_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
  );
  INSERT INTO status_epoch (id, n) VALUES (1, 0);
  CREATE TRIGGER scripts_ins_epoch AFTER INSERT ON scripts BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TRIGGER scripts_upd_epoch AFTER UPDATE ON scripts BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TRIGGER scripts_del_epoch AFTER DELETE ON scripts BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TRIGGER runs_ins_epoch AFTER INSERT ON runs BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TRIGGER runs_upd_epoch AFTER UPDATE ON runs BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TRIGGER runs_del_epoch AFTER DELETE ON runs BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TRIGGER run_files_ins_epoch AFTER INSERT ON run_files BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TRIGGER run_files_upd_epoch AFTER UPDATE ON run_files BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TRIGGER run_files_del_epoch AFTER DELETE ON run_files BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TRIGGER jobs_ins_epoch AFTER INSERT ON jobs BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TRIGGER jobs_upd_epoch AFTER UPDATE ON jobs BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TRIGGER jobs_del_epoch AFTER DELETE ON jobs BEGIN UPDATE status_epoch SET n = n + 1; END;
  CREATE TABLE status_snapshot (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    epoch  INTEGER NOT NULL,                   -- status_epoch.n it was computed at
    key    TEXT NOT NULL,                      -- format version, root and run configs it was computed with
    files  TEXT NOT NULL,                      -- JSON: every file it depended on, with size and mtime
    states TEXT NOT NULL,                      -- JSON: every tracked script's id and freshness
    json   TEXT NOT NULL,                      -- their entries, as \`simorg status --json\` prints them
    not_fresh INTEGER NOT NULL                 -- 1 when some script is not fresh (for --exit-code)
  );
  `,
  /* 2: the process group of a job's running script, so a dead worker's script can be stopped */ `
  ALTER TABLE jobs ADD COLUMN child_pid INTEGER;
  `,
  /* 3: the status table as printed without colours (and the time zone its times are in), beside the --json text */ `
  ALTER TABLE status_snapshot ADD COLUMN table_tz TEXT;
  ALTER TABLE status_snapshot ADD COLUMN table_text TEXT;
  `,
  /* 4: the metrics a run recorded (record({ rmse: 0.12 }) in the script, or $SIMORG_METRICS) */ `
  ALTER TABLE runs ADD COLUMN metrics_json TEXT NOT NULL DEFAULT '{}';
  `,
  /* 5: sweeps (src/sweep/): a named space of parameter sets for one script; its jobs and runs point to it */ `
  CREATE TABLE sweeps (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    script_id   INTEGER NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    run_config  TEXT NOT NULL,                 -- of its latest launch
    space_text  TEXT NOT NULL,                 -- the space as given, for people
    points_json TEXT NOT NULL,                 -- its parameter sets (canonical JSON objects), in job order
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (script_id, name)
  );
  ALTER TABLE jobs ADD COLUMN sweep_id INTEGER;
  ALTER TABLE jobs ADD COLUMN figures_subdir TEXT;  -- under figures/<script>/: <sweep>/<k1=v1,k2=v2>
  ALTER TABLE runs ADD COLUMN sweep_id INTEGER;
  CREATE INDEX runs_sweep ON runs(sweep_id, params_json, started_at DESC) WHERE sweep_id IS NOT NULL;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
