-- Name order as one number: name_rank orders members exactly as last name,
-- then first name (NOCASE), with gaps left between neighbours so that a new
-- member takes a number between two others (data/rank.go). The full-text
-- index is keyed by it, so that its matches come out already in name order
-- and the first page of a search in the default sort reads one page of
-- matches, however many there are.
ALTER TABLE members ADD COLUMN name_rank INTEGER;

UPDATE members SET name_rank = r.n * 4294967296
FROM (SELECT id, row_number() OVER (ORDER BY last_name, first_name, id) AS n
      FROM members) AS r
WHERE members.id = r.id;

CREATE UNIQUE INDEX members_name_rank ON members (name_rank);
DROP INDEX members_name;
CREATE INDEX members_name ON members (last_name, first_name, name_rank);

-- What the full-text index holds for a member: the five fields, and the
-- first two letters of each behind two marks (char 1, which no field may
-- hold), so that the index also finds a field by its first one or two
-- letters: the trigram of the marks and one letter, or of one mark and two.
CREATE VIEW members_search AS
SELECT name_rank, first_name, last_name, username, email, phone,
       char(1, 1) || substr(first_name, 1, 2) || char(1, 1) || substr(last_name, 1, 2) ||
       char(1, 1) || substr(ifnull(username, ''), 1, 2) || char(1, 1) ||
       substr(email, 1, 2) || char(1, 1) || substr(phone, 1, 2) AS starts
FROM members;

DROP TRIGGER members_fts_insert;
DROP TRIGGER members_fts_delete;
DROP TRIGGER members_fts_update;
DROP TABLE members_fts;

CREATE VIRTUAL TABLE members_fts USING fts5 (
    first_name, last_name, username, email, phone, starts,
    content = 'members_search',
    content_rowid = 'name_rank',
    tokenize = 'trigram remove_diacritics 1'
);
INSERT INTO members_fts (members_fts, rank) VALUES ('secure-delete', 1);
-- In rank order: FTS5 writes its pending terms out whenever a rowid is
-- lower than the last one.
INSERT INTO members_fts (rowid, first_name, last_name, username, email, phone, starts)
SELECT name_rank, first_name, last_name, username, email, phone, starts
FROM members_search ORDER BY name_rank;

-- A member without a rank yet (in the middle of an import) is not indexed;
-- it is when it gets one.
CREATE TRIGGER members_fts_insert AFTER INSERT ON members
WHEN NEW.name_rank IS NOT NULL BEGIN
    INSERT INTO members_fts (rowid, first_name, last_name, username, email, phone, starts)
    SELECT name_rank, first_name, last_name, username, email, phone, starts
    FROM members_search WHERE name_rank = NEW.name_rank;
END;

CREATE TRIGGER members_fts_delete AFTER DELETE ON members
WHEN OLD.name_rank IS NOT NULL BEGIN
    INSERT INTO members_fts (members_fts, rowid, first_name, last_name, username,
                             email, phone, starts)
    VALUES ('delete', OLD.name_rank, OLD.first_name, OLD.last_name, OLD.username,
            OLD.email, OLD.phone,
            char(1, 1) || substr(OLD.first_name, 1, 2) || char(1, 1) ||
            substr(OLD.last_name, 1, 2) || char(1, 1) ||
            substr(ifnull(OLD.username, ''), 1, 2) || char(1, 1) ||
            substr(OLD.email, 1, 2) || char(1, 1) || substr(OLD.phone, 1, 2));
END;

CREATE TRIGGER members_fts_update AFTER UPDATE OF first_name, last_name, username,
    email, phone, name_rank ON members BEGIN
    INSERT INTO members_fts (members_fts, rowid, first_name, last_name, username,
                             email, phone, starts)
    SELECT 'delete', OLD.name_rank, OLD.first_name, OLD.last_name, OLD.username,
           OLD.email, OLD.phone,
           char(1, 1) || substr(OLD.first_name, 1, 2) || char(1, 1) ||
           substr(OLD.last_name, 1, 2) || char(1, 1) ||
           substr(ifnull(OLD.username, ''), 1, 2) || char(1, 1) ||
           substr(OLD.email, 1, 2) || char(1, 1) || substr(OLD.phone, 1, 2)
    WHERE OLD.name_rank IS NOT NULL;
    INSERT INTO members_fts (rowid, first_name, last_name, username, email, phone, starts)
    SELECT name_rank, first_name, last_name, username, email, phone, starts
    FROM members_search WHERE name_rank = NEW.name_rank;
END;
