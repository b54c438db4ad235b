import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import EnvelopePostgres

/// ``BlockingRunner``: a caller waits for its work, and stops waiting once the connection it
/// depends on has closed and a grace period has passed.
@Suite struct BlockingRunnerTests {
  struct Abandoned: Error {}

  @Test func returnsWhatTheWorkReturns() throws {
    let value = try BlockingRunner.shared.run { 6 * 7 }
    #expect(value == 42)
  }

  @Test func throwsWhatTheWorkThrows() {
    #expect(throws: Abandoned.self) {
      try BlockingRunner.shared.run { () async throws -> Int in throw Abandoned() }
    }
  }

  @Test func anOpenConnectionIsWaitedFor() throws {
    let closed = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Void.self)
    defer { closed.succeed() }
    let value = try BlockingRunner.shared.run(
      abandoningAfter: closed.futureResult, grace: .milliseconds(50), with: Abandoned()
    ) {
      try await Task.sleep(for: .milliseconds(300))
      return "answered"
    }
    #expect(value == "answered")
  }

  /// What a finished statement returned is not kept until its connection closes: a long read
  /// goes through many statements (a cursor's pages) on one connection.
  @Test func aResultIsNotKeptUntilTheConnectionCloses() throws {
    final class Page: Sendable {}
    let closed = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Void.self)
    defer { closed.succeed() }
    weak var kept: Page?
    do {
      let page = try BlockingRunner.shared.run(abandoningAfter: closed.futureResult) { Page() }
      kept = page
    }
    // The runner's task lets go of its own copy as it ends, just after the caller resumes.
    let deadline = ContinuousClock.now + .seconds(5)
    while kept != nil && ContinuousClock.now < deadline { usleep(1_000) }
    #expect(kept == nil)
  }

  /// Work that never finishes, as a statement PostgresNIO leaves unanswered: the caller gets
  /// the error soon after the connection closes, instead of waiting forever (without the
  /// watchdog this test would block, and `make test`'s timeout would end the run).
  @Test func workLeftUnansweredAfterTheConnectionClosesIsAbandoned() throws {
    let loop = MultiThreadedEventLoopGroup.singleton.any()
    let closed = loop.makePromise(of: Void.self)
    loop.scheduleTask(in: .milliseconds(100)) { closed.succeed() }
    let started = ContinuousClock.now
    #expect(throws: Abandoned.self) {
      try BlockingRunner.shared.run(
        abandoningAfter: closed.futureResult, grace: .milliseconds(200), with: Abandoned()
      ) { () async throws -> Int in
        try await Task.sleep(for: .seconds(3_600))
        return 0
      }
    }
    let waited = ContinuousClock.now - started
    #expect(waited >= .milliseconds(300) && waited < .seconds(30))
  }
}
