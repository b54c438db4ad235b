import EnvelopeCore

/// How the ledger's key figures are labelled and printed.
enum KeyFigures {
  /// Label and unit of each typed column of `estimates`.
  static let units: [String: (label: String, unit: FigureUnit)] = [
    "gpus_required": ("GPUs", .count),
    "trps": ("TRPS", .requestsPerSecond),
    "qps_per_gpu": ("QPS/GPU", .requestsPerSecond),
    "inference_seconds": ("Inference", .seconds),
    "model_storage_bytes": ("Model", .bytes),
    "user_data_bytes": ("User data", .bytes),
    "storage_bytes_per_day": ("Storage/day", .bytes),
    "storage_bytes_per_month": ("Storage/month", .bytes),
    "ingress_bytes_per_second": ("Ingress", .bytesPerSecond),
    "egress_bytes_per_second": ("Egress", .bytesPerSecond),
    "training_flops": ("FLOPs", .flops),
    "training_seconds": ("Training time", .seconds),
    "gpu_hours": ("GPU-hours", .hours),
    "monthly_cost": ("Monthly cost", .money),
  ]

  /// A key figure's value for people.
  static func human(_ key: String, _ value: Double?) -> String {
    guard let value else { return "" }
    return (units[key]?.unit ?? .plain).human(value)
  }

  /// The change from `previous` to `current` in percent; `nil` when either is missing or
  /// the previous is zero.
  static func changePercent(from previous: Double?, to current: Double?) -> Double? {
    guard let previous, let current, previous != 0 else { return nil }
    return (current - previous) / abs(previous) * 100
  }

  /// A change for people: `+12.5%`, `-3%`, `=`.
  static func humanChange(_ percent: Double?) -> String {
    guard let percent else { return "" }
    if abs(percent) < 0.005 { return "=" }
    return (percent > 0 ? "+" : "") + HumanFormat.significant(percent, digits: 3) + "%"
  }
}

extension KeyFigures {
  /// The unit a JSON key names by the house convention of units in names.
  static func unit(forKey key: String) -> FigureUnit {
    if let known = units[key] { return known.unit }
    let last = key.split(separator: ".").last.map(String.init) ?? key
    if let known = units[last] { return known.unit }
    if last.hasSuffix("bits_per_second") { return .bitsPerSecond }
    if last.hasSuffix("bytes_per_second") { return .bytesPerSecond }
    if last.hasSuffix("_bytes") || last.hasSuffix("bytes_per_day")
      || last.hasSuffix("bytes_per_month")
      || last == "bytes" || last.hasSuffix("bytes_per_token")
    {
      return .bytes
    }
    if last.hasSuffix("_seconds") || last.hasSuffix("seconds_per_token") { return .seconds }
    if last.hasSuffix("_flops") || last == "peak_flops" || last.hasSuffix("_ops") {
      return last.hasPrefix("training") || last.hasPrefix("inference") ? .flops : .flopsPerSecond
    }
    if last.hasSuffix("_cost") || last.hasPrefix("price") || last.hasSuffix("_price_per_hour") {
      return .money
    }
    return .plain
  }

  /// A JSON value for people, in the unit its key names.
  static func human(key: String, _ value: JSONValue) -> String {
    guard let number = value.numberValue else { return value.plainText }
    let unit = unit(forKey: key)
    return unit == .plain ? value.plainText : unit.human(number)
  }
}
