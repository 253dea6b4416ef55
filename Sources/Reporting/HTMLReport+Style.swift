extension HTMLReport {
  /// The page's whole stylesheet: system fonts only, Okabe-Ito colours (baseline blue
  /// #0072B2, canary orange #E69F00, rollback vermillion #D55E00, promote bluish green
  /// #009E73), a layout that narrows to a phone, and print rules.
  static let stylesheet = """
    :root { color-scheme: light; --ink: #1d1f23; --muted: #5b6270; --rule: #d9dce1;
      --baseline: #0072B2; --canary: #E69F00; --rollback: #D55E00; --promote: #007A5C;
      --inconclusive: #F0E442; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: #f4f5f7; color: var(--ink);
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
        "DejaVu Sans", Arial, sans-serif; }
    main { max-width: 1120px; margin: 0 auto; padding: 24px 20px 40px; }
    code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas,
      "DejaVu Sans Mono", monospace; font-size: 0.88em; }
    h1 { font-size: 1.6rem; margin: 0 0 2px; }
    h2 { font-size: 1.2rem; margin: 0 0 12px; }
    h3 { font-size: 1.08rem; margin: 0; overflow-wrap: anywhere; }
    a { color: #005a8c; }
    .page-header { margin-bottom: 16px; }
    .subtitle { margin: 0 0 8px; color: var(--muted); }
    .side { margin: 2px 0; overflow-wrap: anywhere; }
    .side-label { display: inline-block; min-width: 4.6em; font-weight: 600; }
    .window { color: var(--muted); font-size: 0.9em; }
    .swatch { display: inline-block; width: 22px; height: 0; margin: 0 8px 4px 0;
      vertical-align: middle; border-top: 3px solid var(--baseline); }
    .side-canary .swatch, .row-canary .swatch { border-top: 3px dashed var(--canary); }
    section.verdict, section.metrics, section.metric, section.configuration {
      background: #fff; border: 1px solid var(--rule); border-radius: 8px;
      padding: 18px 20px; margin: 0 0 18px; }
    section.verdict { border-left: 10px solid var(--rule); }
    .verdict-rollback { border-left-color: var(--rollback) !important; background: #fdf1ea; }
    .verdict-promote { border-left-color: var(--promote) !important; background: #eaf6f2; }
    .verdict-inconclusive { border-left-color: #b8a800 !important; background: #fcfbe6; }
    .verdict-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 28px; }
    .verdict-word { margin: 0; font-size: 1.05rem; }
    .verdict-caption { color: var(--muted); text-transform: uppercase; letter-spacing: 0.08em;
      font-size: 0.8rem; margin-right: 6px; }
    .verdict-word strong { display: inline-block; padding: 2px 14px; border-radius: 6px;
      font-size: 1.7rem; text-transform: uppercase; letter-spacing: 0.06em; color: #fff;
      -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .verdict-rollback .verdict-word strong { background: var(--rollback); }
    .verdict-promote .verdict-word strong { background: var(--promote); }
    .verdict-inconclusive .verdict-word strong { background: var(--inconclusive);
      color: #1d1f23; }
    .score { margin: 0; font-size: 1.05rem; }
    .score strong { font-size: 1.5rem; }
    .thresholds { display: block; color: var(--muted); font-size: 0.85rem; }
    .scale { position: relative; display: flex; height: 10px; max-width: 520px;
      margin: 14px 0 2px; border-radius: 5px; overflow: visible;
      -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .zone { display: block; height: 100%; }
    .zone-rollback { background: #f0b48f; border-radius: 5px 0 0 5px; }
    .zone-inconclusive { background: #f3ec9a; }
    .zone-promote { background: #8fd0bb; border-radius: 0 5px 5px 0; }
    .scale-marker { position: absolute; top: -5px; width: 4px; height: 20px;
      margin-left: -2px; background: var(--ink); border-radius: 2px; }
    .scale-labels { display: flex; justify-content: space-between; max-width: 520px;
      color: var(--muted); font-size: 0.75rem; }
    .reasons { margin: 10px 0 0; padding-left: 1.3em; }
    .reasons li { margin: 2px 0; overflow-wrap: anywhere; }
    .table-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
    table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
    th, td { padding: 6px 8px; border-bottom: 1px solid var(--rule); text-align: left;
      vertical-align: top; }
    thead th { font-size: 0.8rem; color: var(--muted); font-weight: 600;
      text-transform: uppercase; letter-spacing: 0.04em; vertical-align: bottom;
      border-bottom: 2px solid var(--rule); }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .metric-table tbody th { font-weight: 600; white-space: nowrap; }
    .metric-table tr.failing th { box-shadow: inset 4px 0 0 var(--rollback); }
    .critical { color: #a14400; }
    .note { color: var(--muted); font-size: 0.85rem; margin: 10px 0 0; }
    .badge { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 0.8rem;
      font-weight: 700; letter-spacing: 0.03em; border: 1.5px solid; }
    .badge-pass { color: #006048; border-color: #009E73; background: #e6f5f0; }
    .badge-high, .badge-low { color: #fff; border-color: #B84F00; background: #B84F00; }
    .badge-nodata { color: #4a4f59; border-color: #9aa0aa; border-style: dashed;
      background: #f4f5f7; }
    .badge-error { color: #fff; border-color: #7a3b63; background: #7a3b63; }
    .tag { font-size: 0.75rem; font-weight: 700; text-transform: uppercase;
      letter-spacing: 0.06em; color: #a14400; border: 1.5px solid #a14400;
      border-radius: 4px; padding: 0 6px; }
    .metric-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; }
    .reason { margin: 8px 0 2px; overflow-wrap: anywhere; }
    .facts { margin: 0 0 10px; color: var(--muted); font-size: 0.85rem;
      overflow-wrap: anywhere; }
    .charts { display: grid; grid-template-columns: 8fr 5fr; gap: 16px; align-items: start; }
    figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
    figure svg { display: block; width: 100%; height: auto; }
    figcaption { color: var(--muted); font-size: 0.8rem; margin-top: 2px; }
    svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans",
      Arial, sans-serif; font-size: 11px; fill: #3a3f48; }
    svg .legend text { font-size: 11.5px; fill: var(--ink); }
    svg .axis-title { fill: var(--muted); font-size: 10.5px; }
    .nodata { margin: 4px 0 10px; padding: 14px; border: 1.5px dashed #9aa0aa;
      border-radius: 6px; color: #4a4f59; font-weight: 600; text-align: center; }
    table.summary { margin-top: 10px; max-width: 760px; }
    .back { margin: 10px 0 0; font-size: 0.85rem; }
    .settings { width: auto; margin-bottom: 14px; }
    .settings th { font-weight: 600; }
    .config-metrics .selectors { overflow-wrap: anywhere; min-width: 16em; width: 48%; }
    .nowrap { white-space: nowrap; }
    .config-metrics .key { color: var(--muted); font-size: 0.85em; }
    .config-metrics tbody th { white-space: nowrap; }
    .group { color: var(--muted); }
    .page-footer { color: var(--muted); font-size: 0.8rem; }
    @media (max-width: 760px) {
      main { padding: 12px 8px 24px; }
      section.verdict, section.metrics, section.metric, section.configuration {
        padding: 12px; }
      .charts { grid-template-columns: 1fr; }
      .verdict-word strong { font-size: 1.35rem; }
    }
    @media print {
      body { background: #fff; font-size: 11pt; }
      main { max-width: none; padding: 0; }
      section.verdict, section.metrics, section.metric, section.configuration {
        border: 1px solid #999; border-radius: 0; background: #fff; }
      section.verdict { border-left-width: 10px; }
      section.metric { break-inside: avoid; page-break-inside: avoid; }
      .charts { grid-template-columns: 8fr 5fr; }
      .table-scroll { overflow: visible; }
      a { color: inherit; text-decoration: none; }
      .back { display: none; }
    }

    """
}
