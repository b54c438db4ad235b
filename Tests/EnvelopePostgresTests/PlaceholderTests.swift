import Testing
@testable import EnvelopePostgres
