-- Times are TEXT in UTC with a fixed width, 2006-01-02T15:04:05.000000Z, so
-- that text order is time order; '' means none.

-- Rooms of the clinic. A room with members cannot be deleted (RESTRICT).
CREATE TABLE rooms (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    code       TEXT    NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT    NOT NULL
);
CREATE UNIQUE INDEX rooms_name ON rooms (name COLLATE NOCASE);
CREATE UNIQUE INDEX rooms_code ON rooms (code COLLATE NOCASE);

-- Members: registered members have a username, guests have none.
-- visit_count and last_visit are kept by triggers on visits so that the list
-- can sort by them through an index.
CREATE TABLE members (
    id           INTEGER PRIMARY KEY,
    room_id      INTEGER NOT NULL REFERENCES rooms (id) ON DELETE RESTRICT,
    username     TEXT    COLLATE NOCASE UNIQUE,
    email        TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    first_name   TEXT    NOT NULL COLLATE NOCASE,
    last_name    TEXT    NOT NULL COLLATE NOCASE,
    phone        TEXT    NOT NULL DEFAULT '',
    birth_date   TEXT    NOT NULL DEFAULT '',
    sex          TEXT    NOT NULL DEFAULT '',
    address      TEXT    NOT NULL DEFAULT '',
    notes        TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'active'
                 CHECK (status IN ('active', 'suspended', 'pending_delete')),
    status_since TEXT    NOT NULL DEFAULT '',
    visit_count  INTEGER NOT NULL DEFAULT 0,
    last_visit   TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX members_name ON members (last_name, first_name, id);
CREATE INDEX members_first ON members (first_name, id);
CREATE INDEX members_username_sort ON members (username, id);
CREATE INDEX members_email_sort ON members (email, id);
CREATE INDEX members_phone ON members (phone, id);
CREATE INDEX members_birth ON members (birth_date, id);
CREATE INDEX members_room ON members (room_id, id);
CREATE INDEX members_status ON members (status, status_since, id);
CREATE INDEX members_visits ON members (visit_count, id);
CREATE INDEX members_last_visit ON members (last_visit, id);
CREATE INDEX members_created ON members (created_at, id);

-- Login detail beyond the username: the password hash, once one is set.
CREATE TABLE credentials (
    member_id     INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    password_hash TEXT    NOT NULL,
    set_at        TEXT    NOT NULL
);

CREATE TABLE visits (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    room_id    INTEGER REFERENCES rooms (id) ON DELETE SET NULL,
    visited_at TEXT    NOT NULL,
    provider   TEXT    NOT NULL DEFAULT '',
    reason     TEXT    NOT NULL DEFAULT '',
    notes      TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL
);
CREATE INDEX visits_member ON visits (member_id, visited_at);
CREATE INDEX visits_room ON visits (room_id);

CREATE TRIGGER visits_count_insert AFTER INSERT ON visits BEGIN
    UPDATE members
       SET visit_count = visit_count + 1,
           last_visit = max(last_visit, NEW.visited_at)
     WHERE id = NEW.member_id;
END;

CREATE TRIGGER visits_count_delete AFTER DELETE ON visits BEGIN
    UPDATE members
       SET visit_count = visit_count - 1,
           last_visit = coalesce((SELECT max(visited_at) FROM visits
                                   WHERE member_id = OLD.member_id), '')
     WHERE id = OLD.member_id;
END;

-- Reset and welcome tokens: only the SHA-256 of the secret is kept.
CREATE TABLE reset_tokens (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    token_hash BLOB    NOT NULL UNIQUE,
    purpose    TEXT    NOT NULL CHECK (purpose IN ('reset', 'welcome')),
    created_at TEXT    NOT NULL,
    sent_at    TEXT    NOT NULL DEFAULT '',
    expires_at TEXT    NOT NULL,
    used_at    TEXT    NOT NULL DEFAULT '',
    voided_at  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX reset_tokens_member ON reset_tokens (member_id, created_at);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Email waiting to go out. The body is rendered when it is sent, so no link
-- secret is ever stored here.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER REFERENCES members (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('reset', 'welcome', 'test')),
    to_address      TEXT    NOT NULL DEFAULT '',
    state           TEXT    NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sent', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    sent_at         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_member ON outbox (member_id);

-- Append-only audit log; each row carries the hash of the one before.
-- It names members and rooms by id and lists field names, never their values.
-- No foreign keys: the entries outlive what they name.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    member_id INTEGER,
    room_id   INTEGER,
    fields    TEXT    NOT NULL DEFAULT '',
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL
);
CREATE INDEX audit_action ON audit (action, id);
CREATE INDEX audit_member ON audit (member_id, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Trigram full-text index over the searchable member fields, kept by
-- triggers. secure-delete makes FTS5 overwrite removed entries.
CREATE VIRTUAL TABLE members_fts USING fts5 (
    first_name, last_name, username, email, phone,
    content = 'members',
    content_rowid = 'id',
    tokenize = 'trigram remove_diacritics 1'
);
INSERT INTO members_fts (members_fts, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER members_fts_insert AFTER INSERT ON members BEGIN
    INSERT INTO members_fts (rowid, first_name, last_name, username, email, phone)
    VALUES (NEW.id, NEW.first_name, NEW.last_name, NEW.username, NEW.email, NEW.phone);
END;

CREATE TRIGGER members_fts_delete AFTER DELETE ON members BEGIN
    INSERT INTO members_fts (members_fts, rowid, first_name, last_name, username,
                             email, phone)
    VALUES ('delete', OLD.id, OLD.first_name, OLD.last_name, OLD.username,
            OLD.email, OLD.phone);
END;

CREATE TRIGGER members_fts_update AFTER UPDATE OF first_name, last_name, username,
    email, phone ON members BEGIN
    INSERT INTO members_fts (members_fts, rowid, first_name, last_name, username,
                             email, phone)
    VALUES ('delete', OLD.id, OLD.first_name, OLD.last_name, OLD.username,
            OLD.email, OLD.phone);
    INSERT INTO members_fts (rowid, first_name, last_name, username, email, phone)
    VALUES (NEW.id, NEW.first_name, NEW.last_name, NEW.username, NEW.email, NEW.phone);
END;

INSERT INTO rooms (name, code, active, created_at)
VALUES ('Main', 'MAIN', 1, strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now'));
