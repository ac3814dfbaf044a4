-- Access keys, shared by every node. The secret is needed in clear to check signatures, so it cannot
-- be hashed; with a master key it is sealed (AES-GCM) before it is stored. scope is '*' (every AppId)
-- or AppIds separated by commas.
CREATE TABLE access_keys (
    access_key_id TEXT    NOT NULL PRIMARY KEY,
    secret        TEXT    NOT NULL,
    scope         TEXT    NOT NULL,
    enabled       BOOLEAN NOT NULL DEFAULT TRUE,
    is_root       BOOLEAN NOT NULL DEFAULT FALSE,
    created_time  BIGINT  NOT NULL
);
