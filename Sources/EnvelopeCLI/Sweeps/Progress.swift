import EnvelopeCore
import Foundation

/// Progress on standard error, only when it is a terminal.
final class Progress {
  let total: Int
  let verb: String
  let enabled = isatty(STDERR_FILENO) == 1
  var done = 0
  var shown = -1

  init(total: Int, verb: String) {
    self.total = total
    self.verb = verb
  }

  func step() {
    done += 1
    guard enabled else { return }
    let percent = total > 0 ? done * 100 / total : 100
    if percent != shown {
      shown = percent
      let line =
        "\r\(verb) \(HumanFormat.number(Double(done))) of \(HumanFormat.number(Double(total))) points (\(percent)%)"
      FileHandle.standardError.write(Data(line.utf8))
    }
  }

  func finish() {
    if enabled && shown >= 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}
