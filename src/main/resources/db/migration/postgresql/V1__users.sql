-- Registered users, one row per (AppId, UserId). Tags and Ext are JSON text, kept byte for byte as
-- Roster wrote them (jsonb would reorder Ext keys); times are epoch ms; version grows by one on every
-- real change and guards optimistic writers. Every key starts with app_id, so the table can be
-- distributed by app_id later without a redesign.
CREATE TABLE users (
    app_id      INTEGER NOT NULL,
    user_id     BIGINT  NOT NULL,
    nick_name   TEXT    NOT NULL DEFAULT '',
    portrait    TEXT    NOT NULL DEFAULT '',
    tags        TEXT    NOT NULL DEFAULT '[]',
    ext         TEXT    NOT NULL DEFAULT '{}',
    is_robot    BOOLEAN NOT NULL DEFAULT FALSE,
    create_time BIGINT  NOT NULL,
    modify_time BIGINT  NOT NULL,
    version     BIGINT  NOT NULL,
    PRIMARY KEY (app_id, user_id)
);
