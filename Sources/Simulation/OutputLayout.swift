/// How `canary simulate` arranges the samples of a migration scenario in files. Every layout
/// carries the same samples; they differ in how fast they ingest and what they resemble.
public enum OutputLayout: String, CaseIterable, Sendable {
  /// One Prometheus text file per pod per scrape, `sidecar/NS/POD-UNIXTIME.prom`, and per
  /// istiod per scrape, `istiod-REV/scrape-UNIXTIME.prom`: what scraping each endpoint gives.
  case perPod = "per-pod"
  /// One Prometheus text file per scrape time holding every pod's series,
  /// `sidecar/scrape-UNIXTIME.prom` (and `istiod-REV/scrape-UNIXTIME.prom`), as a federation
  /// endpoint returns them.
  case perScrape = "per-scrape"
  /// One OpenMetrics file with timestamps per source, `sidecar/sidecar.om` and
  /// `istiod-REV/istiod-REV.om`, as backfill files are written: by far the fastest to ingest.
  case single
}
