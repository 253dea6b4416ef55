import MetricModel

/// A series descriptor with its hash worked out once.
///
/// An Istio series has a dozen labels plus its target's: hashing its descriptor hashes some
/// 37 strings (about 9,000 instructions), and each series new to a pool worker was hashed
/// five times on its way to the handler (the parser's lookup and insert, the replaying
/// thread's lookup, insert and table growth), 3.5% of a per-pod ingest's instructions. Equal
/// descriptors have equal hashes, so equality compares the hashes first, then the
/// descriptors.
struct HashedDescriptor: Hashable {
  let descriptor: SeriesDescriptor
  /// `descriptor.hashValue` (this process' hash seed, like every `Hasher`).
  let hash: Int

  init(_ descriptor: SeriesDescriptor) {
    self.init(descriptor, hash: descriptor.hashValue)
  }

  /// A descriptor whose `hashValue` the caller worked out.
  init(_ descriptor: SeriesDescriptor, hash: Int) {
    self.descriptor = descriptor
    self.hash = hash
  }

  static func == (left: HashedDescriptor, right: HashedDescriptor) -> Bool {
    left.hash == right.hash && left.descriptor == right.descriptor
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(hash)
  }
}
