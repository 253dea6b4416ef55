import Foundation

/// Writes simulated files below a folder, creating subfolders as needed.
struct FolderSink: FileSink {
  /// The output folder.
  var directory: String
  /// Files written so far.
  var written = 0
  private var folders: Set<String> = []
  private var handle: FileHandle?

  /// Creates a sink writing below `directory`.
  init(directory: String) {
    self.directory = directory
  }

  mutating func open(_ path: String) throws {
    let target = "\(directory)/\(path)"
    let folder = (target as NSString).deletingLastPathComponent
    if folders.insert(folder).inserted {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    guard FileManager.default.createFile(atPath: target, contents: nil),
      let file = FileHandle(forWritingAtPath: target)
    else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target]) }
    handle = file
  }

  mutating func append(_ text: String) throws {
    try handle?.write(contentsOf: Data(text.utf8))
  }

  mutating func close() throws {
    try handle?.close()
    handle = nil
    written += 1
  }
}

/// Hands each simulated file, whole, to a visitor.
struct VisitorSink: FileSink {
  /// Receives each completed file.
  var visit: (Simulator.File) throws -> Void
  private var path = ""
  private var text = ""

  /// Creates a sink calling `visit` for every file.
  init(visit: @escaping (Simulator.File) throws -> Void) {
    self.visit = visit
  }

  mutating func open(_ path: String) throws {
    self.path = path
    text = ""
  }

  mutating func append(_ text: String) throws {
    self.text += text
  }

  mutating func close() throws {
    try visit(Simulator.File(path: path, text: text))
    text = ""
  }
}
