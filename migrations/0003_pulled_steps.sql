-- 0003_pulled_steps: per-step metric values computed by a remote Prometheus (`canary pull`,
-- `canary analyze --prometheus`), and the windows that were pulled.
--
-- The analysis uses pulled values for a (revision, metric, step) whose pulled windows overlap
-- its step grid, instead of deriving them from raw samples; a pull that found no data still
-- records its window, so the metric is "nodata" rather than derived from nothing.
-- Pulling a window again replaces its values.

-- One per-step value.
--   revision   TEXT     revision the values belong to
--   metric     TEXT     the configuration's metric name, e.g. latency-p99
--   step_ms    INTEGER  the configuration's step, milliseconds
--   ts         INTEGER  step end (the range query's evaluation time), Unix milliseconds
--   value      REAL     the value the server computed; finite (NaN and infinities are not stored)
--   query      TEXT     the PromQL that computed it
--   pulled_at  INTEGER  when it was pulled, Unix milliseconds
CREATE TABLE pulled_steps (
  revision  TEXT    NOT NULL,
  metric    TEXT    NOT NULL,
  step_ms   INTEGER NOT NULL,
  ts        INTEGER NOT NULL,
  value     REAL    NOT NULL,
  query     TEXT    NOT NULL,
  pulled_at INTEGER NOT NULL,
  PRIMARY KEY (revision, metric, step_ms, ts)
) WITHOUT ROWID;

-- One pulled window of one metric and revision.
--   from_ts, to_ts  INTEGER  first and last step end queried, Unix milliseconds
--   server          TEXT     the server's base URL
--   points          INTEGER  how many finite values it returned
CREATE TABLE pulled_windows (
  revision  TEXT    NOT NULL,
  metric    TEXT    NOT NULL,
  step_ms   INTEGER NOT NULL,
  from_ts   INTEGER NOT NULL,
  to_ts     INTEGER NOT NULL,
  query     TEXT    NOT NULL,
  server    TEXT    NOT NULL,
  pulled_at INTEGER NOT NULL,
  points    INTEGER NOT NULL,
  PRIMARY KEY (revision, metric, step_ms, from_ts, to_ts)
) WITHOUT ROWID;

-- Dashboards: the pulled per-step values, as v_samples shows raw ones.
--   revision, metric, step_ms, ts, value, query, pulled_at as in pulled_steps
CREATE VIEW v_pulled_steps AS
  SELECT revision, metric, step_ms, ts, value, query, pulled_at
    FROM pulled_steps;
