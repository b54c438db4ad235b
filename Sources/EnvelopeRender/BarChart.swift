/// Horizontal bars drawn with Unicode block characters, for charts in a terminal.
public enum BarChart {
  static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  /// One line per value: its label, a bar scaled to the largest value, and its text.
  public static func render(_ rows: [(label: String, value: Double, text: String)], width: Int = 40)
    -> String
  {
    let largest = rows.map(\.value).max() ?? 0
    let labelWidth = rows.map(\.label.count).max() ?? 0
    return rows.map { row in
      let cells = largest > 0 ? max(0, row.value) / largest * Double(width) : 0
      let whole = Int(cells)
      let part = Int((cells - Double(whole)) * 8)
      let bar = String(repeating: "█", count: whole) + eighths[min(part, 7)]
      let padding = String(repeating: " ", count: max(0, width + 1 - bar.count))
      let labelPadding = String(repeating: " ", count: labelWidth - row.label.count)
      return "\(row.label)\(labelPadding) \(bar)\(padding)\(row.text)"
    }.joined(separator: "\n")
  }
}
