import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// One element of a parsed XML or XHTML document.
public struct MarkupElement {
  public var name: String
  public var attributes: [String: String]
  /// The `data-chart` of the `<svg>` the element is drawn in, if any.
  public var chart: String?
  /// The text directly inside the element, its children's left out.
  public var text: String

  /// The element's `data-value` as a number.
  public var value: Double? { attributes["data-value"].flatMap(Double.init) }
}

/// The elements of an XML document in document order, read with `XMLParser`; parsing fails
/// the test when the text is not well-formed.
public enum Markup {
  public static func elements(_ text: String) throws -> [MarkupElement] {
    let reader = Reader()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = reader
    let parsed = parser.parse()
    try #require(
      parsed, "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
    return reader.elements
  }

  /// The points plotted in `chart` for `series`, as (data-x, data-value) pairs.
  public static func points(_ elements: [MarkupElement], chart: String, series: String) -> [(
    x: String, value: Double
  )] {
    elements.filter {
      $0.chart == chart && $0.attributes["data-series"] == series
        && $0.attributes["data-value"] != nil
    }.map { ($0.attributes["data-x"] ?? "", $0.value ?? .nan) }
  }

  /// The text of every cell of the tables, row by row.
  public static func tableRows(_ elements: [MarkupElement]) -> [[String]] {
    var rows: [[String]] = []
    for element in elements {
      if element.name == "tr" { rows.append([]) }
      if element.name == "td" || element.name == "th", !rows.isEmpty {
        rows[rows.count - 1].append(element.text)
      }
    }
    return rows
  }

  private final class Reader: NSObject, XMLParserDelegate {
    var elements: [MarkupElement] = []
    var open: [Int] = []
    var charts: [String?] = []

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      if elementName == "svg" { charts.append(attributes["data-chart"]) }
      elements.append(
        MarkupElement(
          name: elementName, attributes: attributes, chart: charts.last ?? nil, text: ""))
      open.append(elements.count - 1)
    }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
      qualifiedName: String?
    ) {
      open.removeLast()
      if elementName == "svg" { charts.removeLast() }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if let index = open.last { elements[index].text += string }
    }
  }
}
