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
--   path       TEXT     absolute path the file was read from
--   device, inode, size, mtime_ns, ctime_ns  INTEGER  its stat(2) fields when it was opened
--   settings   TEXT     digest of the options that turned it into samples (format, strictness,
--                       revision rules, namespace map, the time of samples without one)
--   samples    INTEGER  samples the file carried
--   stored_at  INTEGER  when, Unix milliseconds
CREATE TABLE ingested_files (
  path      TEXT    NOT NULL PRIMARY KEY,
  device    INTEGER NOT NULL,
  inode     INTEGER NOT NULL,
  size      INTEGER NOT NULL,
  mtime_ns  INTEGER NOT NULL,
  ctime_ns  INTEGER NOT NULL,
  settings  TEXT    NOT NULL,
  samples   INTEGER NOT NULL,
  stored_at INTEGER NOT NULL
) WITHOUT ROWID;
