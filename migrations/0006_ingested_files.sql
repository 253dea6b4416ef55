-- 0006_ingested_files: the files an ingest stored whole, so that an ingest of the same file,
-- unchanged since and read with the same options, counts its samples as duplicates without
-- reading it again (`canary ingest --reread` reads it anyway).
--
-- A file is unchanged when its device, inode, size, modification and change time are those
-- recorded; the kernel sets the change time on every write, so this is the check git makes
-- of its index. Only files stored without a skipped line or a warning are recorded, never
-- one whose samples took the ingest's own clock as their time, and none changed in the two
-- seconds before the ingest began. An ingest that replaces a stored value forgets every file
-- (a replaced value may have been one of theirs). canary itself never deletes samples; who
-- deletes some by hand should delete these rows too, or ingest with `--reread`.
--
-- Kept as 64-bit digests (FNV-1a with a final mix), about 40 bytes a file, so that an ingest
-- of tens of thousands of scrapes writes little besides its samples:
--   path_key  INTEGER  digest of the absolute path the file was read from
--   identity  INTEGER  digest of its stat(2) device, inode, size, mtime and ctime (ns) when opened
--   settings  INTEGER  digest of the options that turned it into samples (format, strictness,
--                      revision rules, namespace map, the time of samples without one)
--   samples   INTEGER  samples the file carried
CREATE TABLE ingested_files (
  path_key INTEGER PRIMARY KEY,
  identity INTEGER NOT NULL,
  settings INTEGER NOT NULL,
  samples  INTEGER NOT NULL
);
