-- The outbox: one row per real change of a profile, written in the transaction of the change, so an
-- acknowledged change always has its event and a rolled-back one never does. seq is the cursor readers
-- page with: SQLite has one writer, so numbering at insert is numbering in commit order. AUTOINCREMENT
-- keeps a number from being used twice even after pruning has emptied the table.
-- before and after are the profile as BatchGetUser returns it (JSON), null for a user that did not or
-- no longer exists.
CREATE TABLE user_events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id   TEXT    NOT NULL,
    app_id     INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    type       TEXT    NOT NULL,
    time       INTEGER NOT NULL,
    action     TEXT    NOT NULL,
    request_id TEXT    NOT NULL,
    before     TEXT,
    after      TEXT
);
CREATE INDEX user_events_by_app ON user_events (app_id, seq);
CREATE UNIQUE INDEX user_events_by_id ON user_events (event_id);

-- One row per sink (a webhook URL, a Kafka topic): every event up to position has been handed over
-- (delivered, or moved to event_retries). The node whose lease has not ended is the one that sends.
CREATE TABLE event_sinks (
    sink        TEXT    PRIMARY KEY,
    position    INTEGER NOT NULL,
    owner       TEXT,
    lease_until INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Events a sink has not taken yet: retried with a growing delay until delivered (the row goes) or out
-- of attempts (failed). A user's later events wait here behind an earlier one, to keep their order.
CREATE TABLE event_retries (
    sink         TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    app_id       INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    attempts     INTEGER NOT NULL,
    next_attempt INTEGER NOT NULL,
    failed       INTEGER NOT NULL,
    last_error   TEXT    NOT NULL,
    PRIMARY KEY (sink, seq)
) WITHOUT ROWID;
CREATE INDEX event_retries_by_user ON event_retries (sink, app_id, user_id, seq);
