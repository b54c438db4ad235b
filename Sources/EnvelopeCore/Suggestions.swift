/// Close matches for a mistyped id, for "did you mean" hints.
public enum Suggestions {
  /// The candidates closest to `text`: those it is a prefix of, or within a small edit distance.
  ///
  /// - Parameters:
  ///   - text: What the user typed.
  ///   - candidates: The ids that exist.
  ///   - limit: The most suggestions to return.
  /// - Returns: Up to `limit` candidates, closest first.
  public static func closest(to text: String, in candidates: [String], limit: Int = 3) -> [String] {
    let needle = Array(text.lowercased())
    let threshold = max(2, needle.count / 3)
    var scored: [(score: Int, id: String)] = []
    for candidate in candidates {
      let lower = candidate.lowercased()
      let distance = editDistance(needle, Array(lower))
      if !needle.isEmpty
        && (lower.hasPrefix(text.lowercased()) || lower.contains(text.lowercased()))
      {
        scored.append((distance - 100, candidate))
      } else if distance <= threshold {
        scored.append((distance, candidate))
      }
    }
    return scored.sorted { ($0.score, $0.id) < ($1.score, $1.id) }.prefix(limit).map(\.id)
  }

  /// Levenshtein distance: insertions, deletions and substitutions to turn `a` into `b`.
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
