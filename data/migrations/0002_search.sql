-- Search: the list sorts guests (no username) with the empty username, so
-- that the sort key is never NULL and keyset paging can seek it like any
-- other. Search orders by exactly this expression to use the index.
CREATE INDEX members_username_key
    ON members (ifnull(username, '') COLLATE NOCASE, id);
