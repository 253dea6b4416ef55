-- 0004: matched comparisons. Each metric of an analysis records its design and whether its
-- sides were matched; the per-step values are kept per workload (unit) as well as summed.
-- Views keep their columns and gain the new ones at the end.

ALTER TABLE analysis_metrics ADD COLUMN design TEXT;      -- concurrent | callers | before-after | pooled; NULL: threshold
ALTER TABLE analysis_metrics ADD COLUMN matched INTEGER;  -- 1 matched, 0 pooled, NULL: threshold

CREATE TABLE analysis_values_by_unit (
  analysis_id INTEGER NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
  metric      TEXT    NOT NULL,
  side        TEXT    NOT NULL CHECK (side IN ('baseline', 'canary')),
  unit        TEXT    NOT NULL,              -- '' for the compared workloads together
  ts          INTEGER NOT NULL,              -- end of the step, Unix milliseconds
  value       REAL    NOT NULL,
  PRIMARY KEY (analysis_id, metric, side, unit, ts)
) WITHOUT ROWID;

INSERT INTO analysis_values_by_unit (analysis_id, metric, side, unit, ts, value)
  SELECT analysis_id, metric, side, '', ts, value FROM analysis_values;

DROP VIEW v_analysis_values;
DROP TABLE analysis_values;
ALTER TABLE analysis_values_by_unit RENAME TO analysis_values;

-- Dashboards: the per-step values each analysis compared, for plotting.
--   analysis_id  INTEGER  v_analyses.id
--   metric       TEXT     metric name
--   side         TEXT     baseline | canary (for before-after: before the move | after it)
--   ts           INTEGER  end of the step, Unix milliseconds
--   value        REAL     the per-step value
--   unit         TEXT     '' for the compared workloads together, else `namespace/workload`
CREATE VIEW v_analysis_values AS
  SELECT analysis_id, metric, side, ts, value, unit FROM analysis_values;

-- Dashboards: one row per metric of each analysis (columns of 0002, then):
--   design   TEXT     concurrent | callers | before-after | pooled; NULL for a threshold
--   matched  INTEGER  1 when the sides were matched, 0 for pooled, NULL for a threshold
DROP VIEW v_analysis_metrics;
CREATE VIEW v_analysis_metrics AS
  SELECT analysis_id, metric, classification, p_value, estimate, ci_low, ci_high, ratio,
         baseline_n, canary_n, design, matched
    FROM analysis_metrics;
