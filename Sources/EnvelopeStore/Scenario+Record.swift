import EnvelopeCore
import GRDB

extension Scenario: FetchableRecord, PersistableRecord {
  public static let databaseTableName = "scenarios"
}
