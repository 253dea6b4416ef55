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
}

/// A file an ingest stored whole, as the database remembers it: an ingest of the same file,
/// unchanged and with the same settings, finds every sample already stored and need not read it.
public struct StoredInput: Sendable, Hashable {
  /// The absolute path the file was read from.
  public var path: String
  public var identity: FileIdentity
  /// ``IngestSettingsKey`` of the options that turned it into samples.
  public var settings: String
  /// The samples it carried.
  public var samples: Int

  /// Creates a record.
  public init(path: String, identity: FileIdentity, settings: String, samples: Int) {
    self.path = path
    self.identity = identity
    self.settings = settings
    self.samples = samples
  }
}
