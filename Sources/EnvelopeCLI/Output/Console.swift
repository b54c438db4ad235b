import EnvelopeRender
import Foundation

#if canImport(Glibc)
  import Glibc

  /// `write(2)`, from whichever C library the platform has.
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin

  private let systemWrite = Darwin.write
#endif

/// Where commands write: standard output for data, standard error for `error:` lines.
///
/// Standard output is buffered and written with `write(2)`; when the reader goes away
/// (`envelope sql … | head`), the process ends quietly instead of dying of SIGPIPE.
enum Console {
  nonisolated(unsafe) private static var buffer: [UInt8] = []
  private static let bufferLimit = 1 << 16

  /// Whether to use colour: only on a terminal, and never when `NO_COLOR` is set.
  static let usesColor: Bool =
    isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    && ProcessInfo.processInfo.environment["TERM"] != "dumb"

  /// Writes a line to standard output.
  static func line(_ text: String = "") {
    write(text)
    write("\n")
  }

  /// Writes text to standard output as is.
  static func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= bufferLimit { flush() }
  }

  /// Writes what is buffered for standard output.
  static func flush() {
    var offset = 0
    while offset < buffer.count {
      let written = buffer[offset...].withUnsafeBytes {
        systemWrite(STDOUT_FILENO, $0.baseAddress, $0.count)
      }
      if written < 0 {
        if errno == EINTR { continue }
        buffer.removeAll()
        exit(errno == EPIPE ? 0 : 1)
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes one line to standard error, after what is buffered for standard output.
  ///
  /// Control characters (a newline inside a value the user typed) are written escaped, so a
  /// failure is always exactly one line.
  static func error(_ text: String) {
    flush()
    var line = ""
    for scalar in text.unicodeScalars {
      if scalar.properties.generalCategory == .control {
        line += scalar.escaped(asASCII: true)
      } else {
        line.unicodeScalars.append(scalar)
      }
    }
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { systemWrite(STDERR_FILENO, $0.baseAddress, $0.count) }
  }

  /// How text is emphasised on standard output: ANSI on a terminal with colour, else plain.
  static let style: TextStyle = usesColor ? .ansi : .plain

  /// Bold text when colour is on.
  static func bold(_ text: String) -> String { style.bold(text) }

  /// Dim text when colour is on.
  static func dim(_ text: String) -> String { style.dim(text) }

  /// Writes an estimate's report in `format`.
  static func print(_ report: EstimateReport, _ format: OutputFormat) {
    switch format {
    case .table: line(report.table(style: style))
    case .json: line(report.json().serialized(pretty: true))
    case .jsonl: line(report.json().serialized())
    case .csv: line(report.csv())
    }
  }

  /// Writes a table with aligned columns.
  static func table(_ table: Table) {
    line(table.rendered(style: style))
  }
}
