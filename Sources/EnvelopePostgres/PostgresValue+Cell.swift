import NIOCore
import PostgresNIO

extension PostgresValue {
  /// The value of one cell of a result, which PostgresNIO always receives in binary form.
  ///
  /// - Throws: ``PostgresLedgerError/unsupportedType(column:typeOID:)`` for a type it does not
  ///   read (an array, a geometric or network type, …): the SQL can cast it to text.
  init(cell: PostgresCell) throws {
    guard var buffer = cell.bytes else {
      self = .null
      return
    }
    do {
      switch cell.dataType {
      // What a function returning nothing gives (pg_advisory_lock, pg_sleep): psql shows it
      // empty.
      case .void: self = .null
      case .bool: self = .bool(try cell.decode(Bool.self))
      case .int2, .int4, .int8: self = .integer(try cell.decode(Int64.self))
      case .oid:
        guard let oid = buffer.readInteger(as: UInt32.self) else { throw Malformed() }
        self = .integer(Int64(oid))
      case .float4: self = .real(Double("\(try cell.decode(Float.self))") ?? .nan)
      case .float8: self = .real(try cell.decode(Double.self))
      case .numeric:
        guard let numeric = PostgresData(type: .numeric, value: buffer).numeric else {
          throw Malformed()
        }
        self = .numeric(numeric.string)
      case .text, .varchar, .bpchar, .name, .char: self = .text(try cell.decode(String.self))
      case .uuid: self = .text(try cell.decode(String.self).lowercased())
      case .json, .jsonb: self = .json(try cell.decode(String.self))
      case .bytea: self = .bytes(buffer.readBytes(length: buffer.readableBytes) ?? [])
      case .date:
        guard let days = buffer.readInteger(as: Int32.self) else { throw Malformed() }
        self = .text(Self.isoDate(daysSince2000: Int64(days)))
      case .timestamp, .timestamptz:
        guard let microseconds = buffer.readInteger(as: Int64.self) else { throw Malformed() }
        self = .text(
          Self.isoTimestamp(
            microsecondsSince2000: microseconds, utc: cell.dataType == .timestamptz))
      default:
        throw PostgresLedgerError.unsupportedType(
          column: cell.columnName, typeOID: cell.dataType.rawValue)
      }
    } catch let error as PostgresLedgerError {
      throw error
    } catch {
      throw PostgresLedgerError.query(
        sqlState: "XX000", message: "cannot read column '\(cell.columnName)' of the result")
    }
  }

  private struct Malformed: Error {}

  /// `YYYY-MM-DD` of a PostgreSQL date (days since 2000-01-01), `infinity` or `-infinity`.
  static func isoDate(daysSince2000 days: Int64) -> String {
    if days == Int64(Int32.max) { return "infinity" }
    if days == Int64(Int32.min) { return "-infinity" }
    let (year, month, day) = civilDate(daysSince1970: days + 10_957)
    return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
  }

  /// `YYYY-MM-DDTHH:MM:SS[.ffffff][Z]` of a PostgreSQL timestamp (microseconds since
  /// 2000-01-01 00:00), `infinity` or `-infinity`.
  static func isoTimestamp(microsecondsSince2000 value: Int64, utc: Bool) -> String {
    if value == Int64.max { return "infinity" }
    if value == Int64.min { return "-infinity" }
    let perDay: Int64 = 86_400_000_000
    var days = value / perDay
    var rest = value % perDay
    if rest < 0 {
      days -= 1
      rest += perDay
    }
    let seconds = rest / 1_000_000
    let fraction = rest % 1_000_000
    var text =
      isoDate(daysSince2000: days) + "T\(padded(seconds / 3600, 2)):"
      + "\(padded(seconds / 60 % 60, 2)):\(padded(seconds % 60, 2))"
    if fraction != 0 {
      var digits = padded(fraction, 6)
      while digits.hasSuffix("0") { digits.removeLast() }
      text += "." + digits
    }
    return utc ? text + "Z" : text
  }

  /// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's
  /// civil_from_days).
  private static func civilDate(daysSince1970: Int64) -> (Int64, Int64, Int64) {
    let shifted = daysSince1970 + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  private static func padded(_ value: Int64, _ width: Int) -> String {
    let digits = String(value.magnitude)
    let zeros = String(repeating: "0", count: max(0, width - digits.count))
    return (value < 0 ? "-" : "") + zeros + digits
  }

  /// Appends this value to a statement's bindings, typed so the server need not guess.
  func bind(to bindings: inout PostgresBindings) {
    switch self {
    case .null: bindings.appendNull()
    case .bool(let value): bindings.append(value)
    case .integer(let value): bindings.append(value)
    case .real(let value): bindings.append(value)
    case .numeric(let value), .text(let value), .json(let value): bindings.append(value)
    case .bytes(let value): bindings.append(ByteBuffer(bytes: value))
    case .untyped(let value): bindings.append(UntypedText(text: value))
    }
  }
}

/// Text sent with no type (OID 0) in text format: the server infers the parameter's type from
/// where it stands, as it does for a quoted literal.
struct UntypedText: PostgresDynamicTypeEncodable {
  let text: String

  var psqlType: PostgresDataType { PostgresDataType(0) }
  var psqlFormat: PostgresFormat { .text }

  func encode<JSONEncoder: PostgresJSONEncoder>(
    into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
  ) {
    buffer.writeString(text)
  }
}
