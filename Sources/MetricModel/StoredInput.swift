/// What identifies a regular file's content without reading it: the fields of `stat(2)` that
/// any write changes.
///
/// The change time (`st_ctime`) is set by the kernel on every write, truncation, rename or
/// change of mode and cannot be set back by a user, so a file with the same device, inode,
/// size, modification and change time has not been written since. This is the check `git`
/// makes of its index and log shippers make of the files they tail.
public struct FileIdentity: Sendable, Hashable {
  public var device: Int64
  public var inode: Int64
  public var size: Int64
  /// Modification and change time, nanoseconds since 1970.
  public var modified: Int64
  public var changed: Int64

  /// Creates an identity.
  public init(device: Int64, inode: Int64, size: Int64, modified: Int64, changed: Int64) {
    self.device = device
    self.inode = inode
    self.size = size
    self.modified = modified
    self.changed = changed
  }

  /// The five fields in 64 bits, as the database keeps them: two files that differ in any
  /// field get the same digest with probability about 2⁻⁶⁴.
  public var digest: Int64 {
    var hash = Digest64()
    hash.add(device)
    hash.add(inode)
    hash.add(size)
    hash.add(modified)
    hash.add(changed)
    return hash.value
  }
}

/// A file an ingest stored whole, as the database remembers it: an ingest of the same file,
/// unchanged and with the same settings, finds every sample already stored and need not read
/// it. Kept in 64-bit digests (a few dozen bytes a file: tens of thousands of scrapes per
/// ingest must not add much to what is written).
public struct StoredInput: Sendable, Hashable {
  /// ``Digest64`` of the absolute path the file was read from.
  public var pathKey: Int64
  /// ``FileIdentity/digest`` when it was opened.
  public var identity: Int64
  /// Digest of the options that turned it into samples.
  public var settings: Int64
  /// The samples it carried.
  public var samples: Int

  /// Creates a record.
  public init(pathKey: Int64, identity: Int64, settings: Int64, samples: Int) {
    self.pathKey = pathKey
    self.identity = identity
    self.settings = settings
    self.samples = samples
  }
}

/// A 64-bit FNV-1a hash of bytes and integers, finished with a MurmurHash3-style mix so that
/// every input bit reaches every output bit. Stable across processes and platforms (unlike
/// Swift's `Hasher`, seeded per process): for keys the database keeps. Not a defence against
/// crafted collisions.
public struct Digest64: Sendable {
  private var state: UInt64 = 0xcbf2_9ce4_8422_2325

  /// An empty digest.
  public init() {}

  /// Adds bytes.
  public mutating func add(bytes: UnsafeRawBufferPointer) {
    var hash = state
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    state = hash
  }

  /// Adds a string's UTF-8 bytes (read in place: this runs once per file of an ingest).
  public mutating func add(utf8 text: Substring) {
    var text = text
    text.withUTF8 { add(bytes: UnsafeRawBufferPointer($0)) }
  }

  /// Adds a string's UTF-8 bytes.
  public mutating func add(utf8 text: String) {
    add(utf8: Substring(text))
  }

  /// Adds an integer's eight bytes, low byte first.
  public mutating func add(_ value: Int64) {
    var bits = UInt64(bitPattern: value)
    for _ in 0..<8 {
      state = (state ^ (bits & 0xff)) &* 0x0000_0100_0000_01b3
      bits >>= 8
    }
  }

  /// The FNV-1a state before the final mix (for tests against the published FNV vectors).
  var unmixed: UInt64 { state }

  /// The digest of what was added.
  public var value: Int64 {
    var mixed = state
    mixed ^= mixed >> 33
    mixed = mixed &* 0xff51_afd7_ed55_8ccd
    mixed ^= mixed >> 33
    mixed = mixed &* 0xc4ce_b9fe_1a85_ec53
    mixed ^= mixed >> 33
    return Int64(bitPattern: mixed)
  }
}
