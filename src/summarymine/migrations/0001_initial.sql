-- The first schema: documents keyed by the sha256 of their text, their figures in the
-- output contract's fields, import runs, and the files that could not be read.
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    started     TEXT NOT NULL,
    finished    TEXT,
    paths       TEXT NOT NULL,
    documents   INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    figures     INTEGER NOT NULL DEFAULT 0,
    failures    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE documents (
    sha256      TEXT PRIMARY KEY,
    path        TEXT NOT NULL,
    source      TEXT,
    title       TEXT,
    org         TEXT,
    year        INTEGER,
    kind        TEXT,
    script      TEXT,
    format      TEXT,
    encoding    TEXT,
    chars       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    run_id      INTEGER REFERENCES runs(id)
);
CREATE INDEX documents_org_year ON documents(org, year);

CREATE TABLE figures (
    sha256          TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    text            TEXT NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    value           TEXT,            -- the exact decimal, as written by Decimal
    value_max       TEXT,
    unit            TEXT,
    unit_category   TEXT,
    approx          TEXT NOT NULL,
    measure         TEXT NOT NULL,
    subject         TEXT,
    subject_start   INTEGER,
    subject_end     INTEGER,
    metric          TEXT,
    metric_label    TEXT,
    status          TEXT,
    parent          TEXT,
    as_of           TEXT,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    confidence      REAL NOT NULL,
    year            INTEGER,
    section         TEXT NOT NULL,
    PRIMARY KEY (sha256, id)
);
CREATE INDEX figures_metric_year ON figures(metric, year);

-- Other paths holding a document already stored (the same text twice in an archive).
CREATE TABLE document_paths (
    path        TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE
);

CREATE TABLE failures (
    run_id      INTEGER NOT NULL REFERENCES runs(id),
    path        TEXT NOT NULL,
    reason      TEXT NOT NULL
);
