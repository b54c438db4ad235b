extension Table {
  /// The table as an HTML `<table>`: escaped, well-formed XML, numbers aligned right.
  ///
  /// - Parameter caption: A caption above the table, if any.
  /// - Returns: The `<table>` element.
  public func html(caption: String? = nil) -> String {
    func cells(_ row: [String], tag: String) -> String {
      row.enumerated().map { index, cell in
        let align = rightAligned.contains(index) ? " class=\"num\"" : ""
        return "<\(tag)\(align)>\(SVGChart.escape(cell))</\(tag)>"
      }.joined()
    }
    var lines = ["<table>"]
    if let caption { lines.append("<caption>\(SVGChart.escape(caption))</caption>") }
    lines.append("<thead><tr>\(cells(headers, tag: "th"))</tr></thead>")
    lines.append("<tbody>")
    lines += rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }
    lines.append("</tbody>")
    lines.append("</table>")
    return lines.joined(separator: "\n")
  }
}
