/// A plain table with columns padded to their widest cell, for terminal output.
struct TextTable {
  /// Column titles.
  var header: [String]
  /// Rows of cells, as many as the header.
  var rows: [[String]]

  /// The table as lines, two spaces between columns, no trailing spaces.
  func render() -> String {
    var widths = header.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      var text = ""
      for (index, cell) in cells.enumerated() {
        let isLast = index == cells.count - 1
        text += isLast ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
      }
      return text + "\n"
    }
    return ([header] + rows).map(line).joined()
  }
}
