import ArgumentParser

@main
struct Canary: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Decide whether a canary Istio revision is safe.")
}
