//! The database schema and its migrations.
//!
//! Message boxes: a user's private chats and basic groups live in the box `user_id`
//! (each user has their own message ids and pts, as on Telegram); a channel's messages live
//! in the box `-channel_id`. `global_id` links the copies of one message across boxes.

use rusqlite::Connection;

use super::StoreError;

/// Bumped whenever `MIGRATIONS` grows; stored in `PRAGMA user_version`.
pub const SCHEMA_VERSION: i64 = 6;

const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6];

const V1: &str = r#"
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    int_value INTEGER,
    blob_value BLOB
);

CREATE TABLE auth_keys (
    auth_key_id INTEGER PRIMARY KEY,
    auth_key BLOB NOT NULL,
    dc_id INTEGER NOT NULL,
    created INTEGER NOT NULL,
    expires_at INTEGER,
    perm_key_id INTEGER,
    user_id INTEGER,
    pending_user_id INTEGER,
    signed_in_at INTEGER
);
CREATE INDEX auth_keys_user ON auth_keys(user_id) WHERE user_id IS NOT NULL;
CREATE INDEX auth_keys_perm ON auth_keys(perm_key_id) WHERE perm_key_id IS NOT NULL;

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    phone TEXT UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL DEFAULT '',
    username TEXT,
    about TEXT NOT NULL DEFAULT '',
    is_bot INTEGER NOT NULL DEFAULT 0,
    bot_secret TEXT,
    dc_id INTEGER NOT NULL,
    created INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);

-- One namespace for user and channel usernames.
CREATE TABLE usernames (
    username TEXT PRIMARY KEY COLLATE NOCASE,
    peer_kind INTEGER NOT NULL,
    peer_id INTEGER NOT NULL
);

CREATE TABLE passwords (
    user_id INTEGER PRIMARY KEY,
    salt1 BLOB,
    salt2 BLOB,
    verifier BLOB,
    hint TEXT NOT NULL DEFAULT '',
    new_salt1 BLOB NOT NULL,
    new_salt2 BLOB NOT NULL,
    secure_salt BLOB NOT NULL
);

CREATE TABLE srp_sessions (
    srp_id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    b_secret BLOB NOT NULL,
    srp_b BLOB NOT NULL,
    created INTEGER NOT NULL
);
CREATE INDEX srp_sessions_user ON srp_sessions(user_id);

CREATE TABLE login_codes (
    phone_code_hash TEXT PRIMARY KEY,
    phone TEXT NOT NULL,
    code TEXT NOT NULL,
    auth_key_id INTEGER NOT NULL,
    created INTEGER NOT NULL,
    verified INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_codes_phone ON login_codes(phone);

CREATE TABLE login_tokens (
    token BLOB PRIMARY KEY,
    auth_key_id INTEGER NOT NULL,
    dc_id INTEGER NOT NULL,
    expires INTEGER NOT NULL,
    accepted_by INTEGER,
    import_user_id INTEGER
);
CREATE INDEX login_tokens_key ON login_tokens(auth_key_id);

CREATE TABLE exported_auths (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    dc_id INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created INTEGER NOT NULL
);

CREATE TABLE contacts (
    owner_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    PRIMARY KEY (owner_id, user_id)
) WITHOUT ROWID;
CREATE INDEX contacts_reverse ON contacts(user_id, owner_id);

CREATE TABLE user_state (
    user_id INTEGER PRIMARY KEY,
    pts INTEGER NOT NULL,
    qts INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    date INTEGER NOT NULL,
    last_msg_id INTEGER NOT NULL
);

CREATE TABLE user_updates (
    user_id INTEGER NOT NULL,
    pts INTEGER NOT NULL,
    pts_count INTEGER NOT NULL,
    date INTEGER NOT NULL,
    event TEXT NOT NULL,
    PRIMARY KEY (user_id, pts)
) WITHOUT ROWID;

CREATE TABLE messages (
    box INTEGER NOT NULL,
    id INTEGER NOT NULL,
    peer_kind INTEGER NOT NULL,
    peer_id INTEGER NOT NULL,
    from_id INTEGER,
    out INTEGER NOT NULL,
    date INTEGER NOT NULL,
    text TEXT NOT NULL,
    entities TEXT,
    media TEXT,
    action TEXT,
    reply_to INTEGER,
    fwd TEXT,
    edit_date INTEGER,
    random_id INTEGER,
    global_id INTEGER NOT NULL,
    silent INTEGER NOT NULL DEFAULT 0,
    post INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (box, id)
);
CREATE INDEX messages_peer ON messages(box, peer_kind, peer_id, id);
CREATE UNIQUE INDEX messages_random ON messages(box, random_id) WHERE random_id IS NOT NULL;
CREATE INDEX messages_global ON messages(global_id);

CREATE TABLE dialogs (
    owner_id INTEGER NOT NULL,
    peer_kind INTEGER NOT NULL,
    peer_id INTEGER NOT NULL,
    top_id INTEGER NOT NULL,
    top_date INTEGER NOT NULL,
    read_inbox_max_id INTEGER NOT NULL DEFAULT 0,
    read_outbox_max_id INTEGER NOT NULL DEFAULT 0,
    unread_count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (owner_id, peer_kind, peer_id)
) WITHOUT ROWID;
CREATE INDEX dialogs_order ON dialogs(owner_id, top_date, top_id);

CREATE TABLE chats (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    creator_id INTEGER NOT NULL,
    date INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deactivated INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE chat_participants (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    inviter_id INTEGER NOT NULL,
    date INTEGER NOT NULL,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX chat_participants_user ON chat_participants(user_id);

CREATE TABLE channels (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    about TEXT NOT NULL DEFAULT '',
    username TEXT,
    broadcast INTEGER NOT NULL,
    creator_id INTEGER NOT NULL,
    date INTEGER NOT NULL,
    pts INTEGER NOT NULL,
    last_msg_id INTEGER NOT NULL,
    participants_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE channel_participants (
    channel_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    inviter_id INTEGER NOT NULL,
    date INTEGER NOT NULL,
    role INTEGER NOT NULL,
    PRIMARY KEY (channel_id, user_id)
) WITHOUT ROWID;
CREATE INDEX channel_participants_user ON channel_participants(user_id);

CREATE TABLE channel_updates (
    channel_id INTEGER NOT NULL,
    pts INTEGER NOT NULL,
    pts_count INTEGER NOT NULL,
    date INTEGER NOT NULL,
    event TEXT NOT NULL,
    PRIMARY KEY (channel_id, pts)
) WITHOUT ROWID;

CREATE TABLE upload_parts (
    owner_id INTEGER NOT NULL,
    file_id INTEGER NOT NULL,
    part INTEGER NOT NULL,
    big INTEGER NOT NULL,
    total_parts INTEGER,
    bytes BLOB NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (owner_id, file_id, part)
);

CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    access_hash INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    dc_id INTEGER NOT NULL,
    size INTEGER NOT NULL,
    mime_type TEXT NOT NULL,
    attributes TEXT NOT NULL,
    w INTEGER NOT NULL DEFAULT 0,
    h INTEGER NOT NULL DEFAULT 0,
    date INTEGER NOT NULL,
    bytes BLOB NOT NULL
);
"#;

/// Version 2: the user's seq log, and who wrote each channel message (a broadcast post has
/// no from_id, yet it is `out` for its author). Posts from before have no record of their
/// author: the channel's creator, who could always post, is taken for it.
const V2: &str = r#"
CREATE TABLE user_seq_updates (
    user_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    date INTEGER NOT NULL,
    event TEXT NOT NULL,
    PRIMARY KEY (user_id, seq)
) WITHOUT ROWID;

ALTER TABLE messages ADD COLUMN author_id INTEGER;
UPDATE messages SET author_id = from_id WHERE box < 0 AND from_id IS NOT NULL;
UPDATE messages SET author_id = (SELECT creator_id FROM channels WHERE channels.id = -messages.box)
    WHERE box < 0 AND author_id IS NULL;
"#;

/// Version 3: what each authorization's client said in initConnection, its IP and when it
/// was last active (account.getAuthorizations), and whether a login code was resent.
/// Authorizations from before have no client details; their last activity is taken to be
/// their sign-in. A key waiting for the 2FA password gets its login time from now on too.
const V3: &str = r#"
ALTER TABLE auth_keys ADD COLUMN api_id INTEGER;
ALTER TABLE auth_keys ADD COLUMN device_model TEXT;
ALTER TABLE auth_keys ADD COLUMN system_version TEXT;
ALTER TABLE auth_keys ADD COLUMN app_version TEXT;
ALTER TABLE auth_keys ADD COLUMN system_lang_code TEXT;
ALTER TABLE auth_keys ADD COLUMN lang_pack TEXT;
ALTER TABLE auth_keys ADD COLUMN lang_code TEXT;
ALTER TABLE auth_keys ADD COLUMN ip TEXT;
ALTER TABLE auth_keys ADD COLUMN active_at INTEGER;
UPDATE auth_keys SET active_at = COALESCE(signed_in_at, created);
CREATE INDEX auth_keys_pending ON auth_keys(pending_user_id) WHERE pending_user_id IS NOT NULL;

ALTER TABLE login_codes ADD COLUMN resent INTEGER NOT NULL DEFAULT 0;
"#;

/// Version 4: chat and message management. Pinned messages; who a message mentions (a
/// channel's single copy mentions per user, so mentions are rows of their own); pinned
/// dialogs, folders, drafts and per-user cleared channel history; basic group about,
/// admins, default rights and migration; channel admin rights, ranks and bans; invite links.
const V4: &str = r#"
ALTER TABLE messages ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;

CREATE TABLE mentions (
    user_id INTEGER NOT NULL,
    box INTEGER NOT NULL,
    msg_id INTEGER NOT NULL,
    unread INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (user_id, box, msg_id)
) WITHOUT ROWID;

ALTER TABLE dialogs ADD COLUMN pinned_rank INTEGER;
ALTER TABLE dialogs ADD COLUMN folder_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dialogs ADD COLUMN available_min_id INTEGER NOT NULL DEFAULT 0;

CREATE TABLE drafts (
    owner_id INTEGER NOT NULL,
    peer_kind INTEGER NOT NULL,
    peer_id INTEGER NOT NULL,
    draft TEXT NOT NULL,
    PRIMARY KEY (owner_id, peer_kind, peer_id)
) WITHOUT ROWID;

ALTER TABLE chats ADD COLUMN about TEXT NOT NULL DEFAULT '';
ALTER TABLE chats ADD COLUMN migrated_to INTEGER;
ALTER TABLE chats ADD COLUMN default_banned TEXT;
ALTER TABLE chat_participants ADD COLUMN admin INTEGER NOT NULL DEFAULT 0;

ALTER TABLE channels ADD COLUMN default_banned TEXT;
ALTER TABLE channels ADD COLUMN migrated_from INTEGER;
ALTER TABLE channels ADD COLUMN migrated_from_max_id INTEGER;
ALTER TABLE channels ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE channel_participants ADD COLUMN admin_rights TEXT;
ALTER TABLE channel_participants ADD COLUMN rank TEXT;
ALTER TABLE channel_participants ADD COLUMN promoted_by INTEGER;

CREATE TABLE channel_bans (
    channel_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    kicked_by INTEGER NOT NULL,
    date INTEGER NOT NULL,
    rights TEXT NOT NULL,
    PRIMARY KEY (channel_id, user_id)
) WITHOUT ROWID;

CREATE TABLE chat_invites (
    hash TEXT PRIMARY KEY,
    peer_kind INTEGER NOT NULL,
    peer_id INTEGER NOT NULL,
    admin_id INTEGER NOT NULL,
    date INTEGER NOT NULL,
    expire_date INTEGER,
    usage_limit INTEGER,
    usage INTEGER NOT NULL DEFAULT 0,
    revoked INTEGER NOT NULL DEFAULT 0,
    permanent INTEGER NOT NULL DEFAULT 0,
    title TEXT
);
CREATE INDEX chat_invites_peer ON chat_invites(peer_kind, peer_id);
"#;

/// Version 5: the random_ids each account used, per peer, for good (Telegram's rule: a
/// repeated random_id returns what its first call made, even from another session, and used
/// values never expire). The messages table's own random_id index made them unique per box,
/// which a channel's members (one box) and one user's peers (one box) share; it goes.
/// Earlier sends are taken over without their pts (0: unknown).
const V5: &str = r#"
CREATE TABLE random_ids (
    user_id INTEGER NOT NULL,
    peer_kind INTEGER NOT NULL,
    peer_id INTEGER NOT NULL,
    random_id INTEGER NOT NULL,
    box INTEGER NOT NULL,
    msg_id INTEGER NOT NULL,
    pts INTEGER NOT NULL,
    pts_count INTEGER NOT NULL,
    PRIMARY KEY (user_id, peer_kind, peer_id, random_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO random_ids
    SELECT box, peer_kind, peer_id, random_id, box, id, 0, 0 FROM messages
    WHERE random_id IS NOT NULL AND box > 0;
INSERT OR IGNORE INTO random_ids
    SELECT author_id, peer_kind, peer_id, random_id, box, id, 0, 0 FROM messages
    WHERE random_id IS NOT NULL AND box < 0 AND author_id IS NOT NULL;
DROP INDEX messages_random;
"#;

/// Version 6: a stored file's bytes are rows of their upload parts (`file_parts`), no longer
/// one blob: SQLite reads a value whole, so serving a chunk of a 100 MB blob cost 100 MB of
/// copying, and assembling the parts into one blob another full copy in memory. A file's
/// parts all have `part_size` bytes but the last. Files from before become one part each.
const V6: &str = r#"
CREATE TABLE file_parts (
    file_id INTEGER NOT NULL,
    part INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (file_id, part)
);
ALTER TABLE files ADD COLUMN part_size INTEGER NOT NULL DEFAULT 0;
INSERT INTO file_parts (file_id, part, bytes) SELECT id, 0, bytes FROM files WHERE size > 0;
UPDATE files SET part_size = size;
ALTER TABLE files DROP COLUMN bytes;
"#;

/// Applies the migrations the database has not seen yet, in one transaction each.
pub fn migrate(conn: &Connection) -> Result<(), StoreError> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Brings the database to schema `target` (older than the current one only to test
/// migrations: a database left there is opened again with [`migrate`]).
pub fn migrate_to(conn: &Connection, target: i64) -> Result<(), StoreError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let wanted = usize::try_from(target.min(SCHEMA_VERSION)).unwrap_or(0);
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(wanted)
        .skip(found as usize)
    {
        let version = index as i64 + 1;
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE; {sql}; PRAGMA user_version = {version}; COMMIT;"
        ))?;
    }
    Ok(())
}
