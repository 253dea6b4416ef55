-- 0005_pulled_unit_steps: per-workload parts of each metric's observations computed by a remote
-- Prometheus (`canary pull`, `canary analyze --prometheus`), so the matched comparisons
-- (concurrent, before-after) run on pulled data as on raw samples.
--
-- For every metric compared per workload, the server sums each part by the labels that name
-- the workload (`sum by (destination_workload_namespace, destination_workload) (increase(...))`);
-- canary names each group's unit with the metric's unit rule and stores one value per
-- (revision, metric, step, component, unit, step end). The analysis uses them for a (revision,
-- metric, step) whose pulled unit windows overlap the side's step grid; a pull that found no
-- data still records its window. Pulling a window again replaces its values.

-- One part of one workload's observation at one step end.
--   revision   TEXT     revision the values belong to
--   metric     TEXT     the configuration's metric name, e.g. latency-p99
--   step_ms    INTEGER  the configuration's step, milliseconds
--   component  TEXT     numerator | denominator (ratio); increase | per (rate); bucket:LE | sum |
--                       count (quantile: increase of the bucket with bound LE, of _sum, of
--                       _count); sum | count | min | max (gauge: of the series' step averages)
--   unit       TEXT     the workload, `namespace/workload`; '' for series that name none
--   ts         INTEGER  step end (the range query's evaluation time), Unix milliseconds
--   value      REAL     the value; finite (NaN and infinities are not stored)
--   pulled_at  INTEGER  when it was pulled, Unix milliseconds
CREATE TABLE pulled_unit_steps (
  revision  TEXT    NOT NULL,
  metric    TEXT    NOT NULL,
  step_ms   INTEGER NOT NULL,
  component TEXT    NOT NULL,
  unit      TEXT    NOT NULL,
  ts        INTEGER NOT NULL,
  value     REAL    NOT NULL,
  pulled_at INTEGER NOT NULL,
  PRIMARY KEY (revision, metric, step_ms, component, unit, ts)
) WITHOUT ROWID;

-- One pulled window of one metric's parts for one revision.
--   from_ts, to_ts  INTEGER  first and last step end queried, Unix milliseconds
--   queries         TEXT     the PromQL of every component, one per line
--   server          TEXT     the server's base URL
--   points          INTEGER  how many values were stored
CREATE TABLE pulled_unit_windows (
  revision  TEXT    NOT NULL,
  metric    TEXT    NOT NULL,
  step_ms   INTEGER NOT NULL,
  from_ts   INTEGER NOT NULL,
  to_ts     INTEGER NOT NULL,
  queries   TEXT    NOT NULL,
  server    TEXT    NOT NULL,
  pulled_at INTEGER NOT NULL,
  points    INTEGER NOT NULL,
  PRIMARY KEY (revision, metric, step_ms, from_ts, to_ts)
) WITHOUT ROWID;

-- Dashboards: the pulled per-workload parts, as v_pulled_steps shows per-revision values.
--   revision, metric, step_ms, component, unit, ts, value, pulled_at as in pulled_unit_steps
CREATE VIEW v_pulled_unit_steps AS
  SELECT revision, metric, step_ms, component, unit, ts, value, pulled_at
    FROM pulled_unit_steps;
