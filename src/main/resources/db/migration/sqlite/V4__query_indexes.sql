-- What ListUsers searches by, kept by the store in the transaction that writes the profile (so a reader
-- never sees a profile without them). nick_fold is the NickName under full Unicode case folding
-- (dev.roster.text.CaseFolding); SQLite compares TEXT as UTF-8 bytes, which is code point order, so a
-- prefix is one range of the index. user_tags holds one row per tag of a user: a tag's users in UserId
-- order are one range of its key. Rows of users written before this migration are filled in by V5.
ALTER TABLE users ADD COLUMN nick_fold TEXT NOT NULL DEFAULT '';
CREATE INDEX users_by_nick ON users (app_id, nick_fold, user_id);

CREATE TABLE user_tags (
    app_id  INTEGER NOT NULL,
    tag     TEXT    NOT NULL,
    user_id INTEGER NOT NULL,
    PRIMARY KEY (app_id, tag, user_id)
) WITHOUT ROWID;
