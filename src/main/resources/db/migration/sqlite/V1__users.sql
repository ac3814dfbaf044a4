-- Registered users, one row per (AppId, UserId). Tags and Ext are JSON text; times are epoch ms;
-- version grows by one on every real change and guards optimistic writers.
CREATE TABLE users (
    app_id      INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    nick_name   TEXT    NOT NULL DEFAULT '',
    portrait    TEXT    NOT NULL DEFAULT '',
    tags        TEXT    NOT NULL DEFAULT '[]',
    ext         TEXT    NOT NULL DEFAULT '{}',
    is_robot    INTEGER NOT NULL DEFAULT 0,
    create_time INTEGER NOT NULL,
    modify_time INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    PRIMARY KEY (app_id, user_id)
) WITHOUT ROWID;
