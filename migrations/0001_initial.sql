-- 0001_initial: series and samples, and the dashboard view v_samples.
--
-- A series is identified once: its metric name, revision and canonical label set.
-- Samples reference it by integer id and are keyed (series_id, ts), so the table
-- stays compact (no rowid, no second index) and a sample is stored at most once.

CREATE TABLE series (
  id          INTEGER PRIMARY KEY,
  metric      TEXT    NOT NULL,              -- sample name as written, e.g. istio_requests_total
  family      TEXT    NOT NULL,              -- metric family, e.g. istio_request_duration_milliseconds
  type        TEXT    NOT NULL,              -- counter|gauge|histogram|summary|untyped|info|stateset|gaugehistogram
  revision    TEXT    NOT NULL,              -- Istio control-plane revision the series is attributed to
  labels      TEXT    NOT NULL,              -- canonical JSON object, keys sorted, empty values dropped
  attribution TEXT    NOT NULL               -- rule that chose the revision: forced|label|namespace|default
    CHECK (attribution IN ('forced', 'label', 'namespace', 'default')),
  UNIQUE (metric, revision, labels)
);

CREATE INDEX series_by_revision ON series (revision, metric);

-- value NULL stands for NaN: SQLite stores a bound NaN as NULL.
-- series_id is series.id. It is not declared as a foreign key: checking one costs a lookup per
-- inserted sample, and canary writes a sample only after its series.
CREATE TABLE samples (
  series_id INTEGER NOT NULL,
  ts        INTEGER NOT NULL,                -- Unix milliseconds
  value     REAL,
  PRIMARY KEY (series_id, ts)
) WITHOUT ROWID;

-- Dashboards: one row per stored sample.
--   revision  TEXT     revision the series is attributed to
--   metric    TEXT     sample name as written (histogram buckets end in _bucket, with an le label)
--   labels    TEXT     canonical JSON object of the series' labels
--   ts        INTEGER  Unix milliseconds
--   value     REAL     the value; NULL for NaN
CREATE VIEW v_samples AS
  SELECT s.revision AS revision,
         s.metric   AS metric,
         s.labels   AS labels,
         p.ts       AS ts,
         p.value    AS value
    FROM samples p
    JOIN series s ON s.id = p.series_id;
