-- 0002_analyses: stored analyses, their per-metric results and compared per-step values,
-- and the dashboard views v_analyses, v_analysis_metrics and v_analysis_values.

CREATE TABLE analyses (
  id            INTEGER PRIMARY KEY,
  created_at    TEXT    NOT NULL,            -- RFC 3339 UTC
  baseline      TEXT    NOT NULL,            -- baseline revision
  canary        TEXT    NOT NULL,            -- canary revision
  baseline_from INTEGER NOT NULL,            -- windows, Unix milliseconds
  baseline_to   INTEGER NOT NULL,
  canary_from   INTEGER NOT NULL,
  canary_to     INTEGER NOT NULL,
  verdict       TEXT    NOT NULL CHECK (verdict IN ('promote', 'rollback', 'inconclusive')),
  score         REAL,                        -- 0-100; NULL when every metric had no data
  report        TEXT    NOT NULL             -- the JSON report (canary report re-renders it)
);

CREATE TABLE analysis_metrics (
  analysis_id    INTEGER NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,           -- order in the configuration
  metric         TEXT    NOT NULL,
  kind           TEXT    NOT NULL,
  test           TEXT    NOT NULL,
  critical       INTEGER NOT NULL,
  classification TEXT    NOT NULL
    CHECK (classification IN ('pass', 'high', 'low', 'nodata', 'error')),
  statistic      REAL,
  p_value        REAL,
  estimate       REAL,
  ci_low         REAL,
  ci_high        REAL,
  ratio          REAL,
  baseline_n     INTEGER NOT NULL,
  canary_n       INTEGER NOT NULL,
  baseline_mean  REAL,
  canary_mean    REAL,
  reason         TEXT    NOT NULL,
  PRIMARY KEY (analysis_id, metric)
) WITHOUT ROWID;

CREATE TABLE analysis_values (
  analysis_id INTEGER NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
  metric      TEXT    NOT NULL,
  side        TEXT    NOT NULL CHECK (side IN ('baseline', 'canary')),
  ts          INTEGER NOT NULL,              -- end of the step, Unix milliseconds
  value       REAL    NOT NULL,
  PRIMARY KEY (analysis_id, metric, side, ts)
) WITHOUT ROWID;

-- Dashboards: one row per analysis.
--   id          INTEGER  analysis id (canary report ID)
--   created_at  TEXT     when it ran, RFC 3339 UTC
--   baseline    TEXT     baseline revision
--   canary      TEXT     canary revision
--   verdict     TEXT     promote | rollback | inconclusive
--   score       REAL     0-100, NULL when every metric had no data
CREATE VIEW v_analyses AS
  SELECT id, created_at, baseline, canary, verdict, score FROM analyses;

-- Dashboards: one row per metric of each analysis.
--   analysis_id     INTEGER  v_analyses.id
--   metric          TEXT     metric name of the configuration
--   classification  TEXT     pass | high | low | nodata | error
--   p_value         REAL     the test's two-sided p-value (NULL when not computed)
--   estimate        REAL     Hodges-Lehmann shift, canary minus baseline
--   ci_low, ci_high REAL     (1 - alpha) interval of the shift
--   ratio           REAL     mean(canary) / mean(baseline), NULL when the baseline mean is 0
--   baseline_n      INTEGER  per-step values compared, baseline side
--   canary_n        INTEGER  per-step values compared, canary side
CREATE VIEW v_analysis_metrics AS
  SELECT analysis_id, metric, classification, p_value, estimate, ci_low, ci_high, ratio,
         baseline_n, canary_n
    FROM analysis_metrics;

-- Dashboards: the per-step values each analysis compared, for plotting.
--   analysis_id  INTEGER  v_analyses.id
--   metric       TEXT     metric name
--   side         TEXT     baseline | canary
--   ts           INTEGER  end of the step, Unix milliseconds
--   value        REAL     the per-step value
CREATE VIEW v_analysis_values AS
  SELECT analysis_id, metric, side, ts, value FROM analysis_values;
