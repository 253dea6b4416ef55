import Analysis

extension TextReport {
  /// What a piece of text means, so a palette can colour it.
  enum Role: Equatable {
    /// The verdict headline.
    case verdict(Verdict)
    /// A metric's classification.
    case classification(Classification)
    /// The critical-metric marker.
    case critical
  }

  /// ANSI colours for roles, or none at all.
  struct Palette {
    /// Whether escapes are written.
    var enabled: Bool

    /// `text` wrapped in the role's escape sequence, or unchanged when disabled.
    func paint(_ text: String, _ role: Role?) -> String {
      guard enabled, let role, !text.isEmpty else { return text }
      return "\u{1B}[" + code(role) + "m" + text + "\u{1B}[0m"
    }

    /// SGR parameters: bold for the headline, red for harm, green for pass, yellow for unknown.
    func code(_ role: Role) -> String {
      switch role {
      case .verdict(.promote): "1;32"
      case .verdict(.rollback): "1;31"
      case .verdict(.inconclusive): "1;33"
      case .classification(.pass): "32"
      case .classification(.high), .classification(.low): "31"
      case .classification(.nodata): "33"
      case .classification(.error): "35"
      case .critical: "1"
      }
    }
  }

  /// One table cell: its plain text and what it means.
  struct Cell {
    /// The words, without escapes (their length decides the column width).
    var text: String
    /// How to colour it, if at all.
    var role: Role?

    /// A cell.
    init(_ text: String, role: Role? = nil) {
      self.text = text
      self.role = role
    }
  }

  /// Columns padded to their widest cell, two spaces apart, no trailing spaces.
  struct Table {
    /// Where a cell sits in its column.
    enum Alignment {
      case left, right
    }

    /// One per column.
    var alignments: [Alignment]
    /// Rows of cells, at most as many as `alignments`.
    var rows: [[Cell]]
    /// The widest the first column grows: a longer first cell gets a line of its own, and its
    /// row follows with that cell blank, so one long name does not widen every line.
    var firstColumnLimit = Int.max

    /// The rendered lines; padding is added outside the colour escapes, so columns line up
    /// whether or not colour is on.
    func lines(palette: Palette) -> [String] {
      var widths = Array(repeating: 0, count: alignments.count)
      for row in rows {
        for (index, cell) in row.enumerated() where index < widths.count {
          guard index > 0 || cell.text.count <= firstColumnLimit else { continue }
          widths[index] = max(widths[index], cell.text.count)
        }
      }
      return rows.flatMap { row -> [String] in
        guard let first = row.first, let limit = widths.first, first.text.count > limit else {
          return [line(row, widths: widths, palette: palette)]
        }
        let rest = [Cell("")] + row.dropFirst()
        return [
          palette.paint(first.text, first.role), line(rest, widths: widths, palette: palette),
        ]
      }
    }

    /// One row padded to `widths`, without trailing spaces.
    func line(_ row: [Cell], widths: [Int], palette: Palette) -> String {
      var line = ""
      for (index, cell) in row.enumerated() where index < widths.count {
        let padding = String(repeating: " ", count: widths[index] - cell.text.count)
        let painted = palette.paint(cell.text, cell.role)
        if index > 0 { line += "  " }
        line += alignments[index] == .left ? painted + padding : padding + painted
      }
      return trimmingTrailingSpaces(line)
    }
  }

  /// `line` without spaces at its end.
  static func trimmingTrailingSpaces(_ line: String) -> String {
    var line = line
    while line.last == " " { line.removeLast() }
    return line
  }

  /// Greedy word wrap: `prefix` and `text` in lines of at most `width` characters,
  /// continuation lines starting with `indent`; a word longer than a line stays whole.
  static func wrap(_ text: String, prefix: String, indent: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = prefix
    // Newlines inside a reason would break the layout: every run of white space is one space.
    for word in text.split(whereSeparator: \.isWhitespace) {
      if current == prefix || current == indent {
        current += word
      } else if current.count + 1 + word.count <= width {
        current += " " + word
      } else {
        lines.append(current)
        current = indent + word
      }
    }
    lines.append(trimmingTrailingSpaces(current))
    return lines
  }
}
