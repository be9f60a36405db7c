-- A dictionary import commits its entries in batches, so that other writers (the study app
-- saving a mark) are never locked out for the whole import. Until its last batch is in, the
-- dictionary is not `ready`: invisible to look-ups and lists, and removed if the import fails
-- or was killed (its name then holds the importing process's id).
ALTER TABLE dictionaries ADD COLUMN ready INTEGER NOT NULL DEFAULT 1;
