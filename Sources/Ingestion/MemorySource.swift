/// Bytes in memory served as a ``ByteSource``, for tests and small inputs.
///
/// `maximumReadSize` limits how much one ``read(into:)`` returns, so tests can make
/// lines straddle reads at every possible position (sizes 1, 7, ...).
public struct MemorySource: ByteSource {
  private let bytes: [UInt8]
  private var offset = 0
  private let maximumReadSize: Int

  /// Serves `bytes`, at most `maximumReadSize` bytes per read.
  public init(bytes: [UInt8], maximumReadSize: Int = Int.max) {
    self.bytes = bytes
    self.maximumReadSize = max(1, maximumReadSize)
  }

  /// Serves the UTF-8 bytes of `string`, at most `maximumReadSize` bytes per read.
  public init(string: String, maximumReadSize: Int = Int.max) {
    self.init(bytes: Array(string.utf8), maximumReadSize: maximumReadSize)
  }

  /// Copies the next bytes into `buffer`; returns 0 at the end.
  public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let count = min(buffer.count, bytes.count - offset, maximumReadSize)
    guard count > 0 else { return 0 }
    bytes.withUnsafeBytes { source in
      buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
    }
    offset += count
    return count
  }
}
