-- Broadcasts (UserBroadcast) and their audiences. A broadcast is written with its broadcast.accepted event
-- (user_events, user_id 0) in one transaction; that event's place in the event order is the broadcast's
-- snapshot: its audience is every user registered, with matching tags, once the events before it are
-- applied and none after. The audience is built in the background, cursor by cursor (the last UserId
-- done), each batch of recipients written with the cursor it moves, so that a crash resumes where the
-- last batch ended. One node at a time builds an audience: the builder whose claim has not ended.
-- status: pending, then ready (audience_size counted), then expired once its
-- recipients were removed after expire_time (a broadcast past expire_time reads as expired at once).
CREATE TABLE broadcasts (
    id            BIGSERIAL PRIMARY KEY,
    broadcast_id  TEXT    NOT NULL UNIQUE,
    app_id        INTEGER NOT NULL,
    time          BIGINT  NOT NULL,
    expire_time   BIGINT  NOT NULL,
    inbox_type    INTEGER NOT NULL,
    sender        BIGINT  NOT NULL,
    msg_ttl       BIGINT  NOT NULL,
    msg_type      INTEGER NOT NULL,
    content       TEXT    NOT NULL,
    tag_op        INTEGER NOT NULL,
    tags          TEXT    NOT NULL,
    ext           TEXT    NOT NULL,
    request_id    TEXT    NOT NULL,
    access_key_id TEXT    NOT NULL,
    event_id      TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    cursor        BIGINT  NOT NULL DEFAULT 0,
    audience_size BIGINT  NOT NULL DEFAULT 0,
    ready_time    BIGINT,
    builder       TEXT,
    claimed_until BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX broadcasts_by_app ON broadcasts (app_id, id);
CREATE INDEX broadcasts_by_status ON broadcasts (status, id);

-- One row per recipient: a broadcast's users in UserId order are one range of the key.
CREATE TABLE broadcast_recipients (
    broadcast BIGINT  NOT NULL,
    user_id   BIGINT  NOT NULL,
    PRIMARY KEY (broadcast, user_id)
);
