-- The outbox: one row per real change of a profile, written in the transaction of the change, so an
-- acknowledged change always has its event and a rolled-back one never does.
-- Writers commit side by side here, so a number taken at insert would not follow commit order: rows are
-- inserted with seq null (id keeps insert order, and so each user's order, since a user's writers queue
-- on the row lock), and numbered afterwards, in id order, by one sequencer at a time (it holds the
-- event_sequence row), once they are committed. Readers page by seq, so none skips a late commit.
-- before and after are the profile as BatchGetUser returns it (JSON), null for a user that did not or
-- no longer exists.
CREATE TABLE user_events (
    id         BIGSERIAL PRIMARY KEY,
    seq        BIGINT UNIQUE,
    event_id   TEXT    NOT NULL UNIQUE,
    app_id     INTEGER NOT NULL,
    user_id    BIGINT  NOT NULL,
    type       TEXT    NOT NULL,
    time       BIGINT  NOT NULL,
    action     TEXT    NOT NULL,
    request_id TEXT    NOT NULL,
    before     TEXT,
    after      TEXT
);
CREATE INDEX user_events_by_app ON user_events (app_id, seq);
CREATE INDEX user_events_unsequenced ON user_events (id) WHERE seq IS NULL;

CREATE TABLE event_sequence (
    id   INTEGER PRIMARY KEY,
    last BIGINT  NOT NULL
);
INSERT INTO event_sequence (id, last) VALUES (1, 0);

-- One row per sink (a webhook URL, a Kafka topic): every event up to position has been handed over
-- (delivered, or moved to event_retries). The node whose lease has not ended is the one that sends.
CREATE TABLE event_sinks (
    sink        TEXT    PRIMARY KEY,
    position    BIGINT  NOT NULL,
    owner       TEXT,
    lease_until BIGINT  NOT NULL DEFAULT 0
);

-- Events a sink has not taken yet: retried with a growing delay until delivered (the row goes) or out
-- of attempts (failed). A user's later events wait here behind an earlier one, to keep their order.
CREATE TABLE event_retries (
    sink         TEXT    NOT NULL,
    seq          BIGINT  NOT NULL,
    app_id       INTEGER NOT NULL,
    user_id      BIGINT  NOT NULL,
    attempts     INTEGER NOT NULL,
    next_attempt BIGINT  NOT NULL,
    failed       BOOLEAN NOT NULL,
    last_error   TEXT    NOT NULL,
    PRIMARY KEY (sink, seq)
);
CREATE INDEX event_retries_by_user ON event_retries (sink, app_id, user_id, seq);
