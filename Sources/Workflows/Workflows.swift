/// The application layer: one entry per use case of `canary` (ingest, analyze, pull, report,
/// inventory). Each wires the lower targets together — parsers to the store, the store's
/// samples to the analysis, the analysis to the reports — so that a subcommand's `run()` only
/// parses its flags, calls one use case, prints and exits.
public enum Workflows {}
