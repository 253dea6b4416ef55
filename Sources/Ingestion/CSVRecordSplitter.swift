/// Splits RFC 4180 CSV lines into records of fields, across lines when a quoted field
/// holds a line break.
///
/// Fields are unescaped (`""` → `"`) into one reused byte buffer; each field remembers the
/// line and column it started at, for error positions.
struct CSVRecordSplitter {
  /// Where a field's bytes are in ``bytes`` and where it started in the input.
  struct Field {
    var range: Range<Int>
    var line: Int
    var column: Int
  }

  /// The unescaped bytes of the current record's fields, back to back.
  private(set) var bytes: [UInt8] = []
  /// The current record's fields.
  private(set) var fields: [Field] = []
  /// The line the current record started on.
  private(set) var recordLine = 0
  /// The length of the record's last physical line, for "too few fields" positions.
  private(set) var lastLineLength = 0
  private var inQuotes = false
  private var afterClosingQuote = false
  private var openQuote = (line: 0, column: 0)

  /// True while a quoted field is open at the end of a line.
  var isInsideQuotes: Bool { inQuotes }

  /// The line and 1-based column of the quote that opened the unfinished field.
  var openQuotePosition: (line: Int, column: Int) { openQuote }

  /// Adds one physical line (without its `\n`); returns true when a record is complete.
  mutating func add(_ line: UnsafeRawBufferPointer, lineNumber: Int) throws -> Bool {
    var count = line.count
    if !inQuotes {
      bytes.removeAll(keepingCapacity: true)
      fields.removeAll(keepingCapacity: true)
      recordLine = lineNumber
      startField(line: lineNumber, column: 1)
    } else {
      bytes.append(TextBytes.lineFeed)
    }
    // A CR before the LF ends the line unless a quoted field is still open at that point.
    let endsWithCR = count > 0 && line[count - 1] == TextBytes.carriageReturn
    var index = 0
    while index < count {
      let byte = line[index]
      if inQuotes {
        if byte == TextBytes.quote {
          if index + 1 < count && line[index + 1] == TextBytes.quote {
            bytes.append(TextBytes.quote)
            index += 2
            continue
          }
          inQuotes = false
          afterClosingQuote = true
        } else {
          bytes.append(byte)
        }
        index += 1
        continue
      }
      if endsWithCR && index == count - 1 {
        count -= 1
        break
      }
      if byte == TextBytes.comma {
        finishField()
        startField(line: lineNumber, column: index + 2)
      } else if afterClosingQuote {
        throw ParseError(
          line: lineNumber, column: index + 1,
          message: "unexpected \"\(TextBytes.shown(byte))\" after a closing quote (RFC 4180: "
            + "a quoted field ends at a comma or the end of the record)")
      } else if byte == TextBytes.quote {
        guard let last = fields.last, last.range.lowerBound == bytes.count else {
          throw ParseError(
            line: lineNumber, column: index + 1,
            message: "quote inside an unquoted field (RFC 4180: quote the whole field and "
              + "double the quote)")
        }
        inQuotes = true
        openQuote = (lineNumber, index + 1)
      } else {
        bytes.append(byte)
      }
      index += 1
    }
    lastLineLength = count
    if inQuotes { return false }
    finishField()
    return true
  }

  private mutating func startField(line: Int, column: Int) {
    afterClosingQuote = false
    fields.append(Field(range: bytes.count..<bytes.count, line: line, column: column))
  }

  private mutating func finishField() {
    fields[fields.count - 1].range = fields[fields.count - 1].range.lowerBound..<bytes.count
  }

  /// The text of field `index` of the current record.
  func text(_ index: Int) -> String {
    String(decoding: bytes[fields[index].range], as: UTF8.self)
  }

  /// True when the current record is one empty unquoted field: a blank line.
  var isBlankRecord: Bool {
    fields.count == 1 && fields[0].range.isEmpty && lastLineLength == 0
  }
}
