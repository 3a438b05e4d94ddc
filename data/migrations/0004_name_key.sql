-- Name order by a collation key that the program computes (data/namekey.go),
-- as SQLite's NOCASE orders every letter beyond ASCII after z. Members
-- without a key (here all of them, later any that another program adds)
-- get one, and their place in name order, when the store opens.
ALTER TABLE members ADD COLUMN name_key BLOB;

CREATE INDEX members_name_key ON members (name_key);

-- The name index now serves searches for a last name and the start of a
-- first name only.
DROP INDEX members_name;
CREATE INDEX members_name ON members (last_name, first_name);

-- The unique indexes of username and email already order by the column,
-- then id: these two only doubled the work of every write.
DROP INDEX members_username_sort;
DROP INDEX members_email_sort;
