import Foundation
import NIOCore

/// Runs asynchronous PostgresNIO code to completion for a synchronous caller, as a command-line
/// tool wants it.
///
/// PostgresNIO is asynchronous: its I/O runs on SwiftNIO's event-loop threads, and its `async`
/// API resumes callers on whatever executor their task prefers. ``run(_:)`` starts a task whose
/// preferred executor is one thread of our own (this type), then blocks the calling thread until
/// the task is done. So neither the caller's thread nor Swift's shared cooperative pool ever runs
/// the work: a synchronous caller that is itself on that pool (a test, say) cannot starve it,
/// which a plain `Task` plus semaphore could on a two-core machine. The `async` API is used rather
/// than `EventLoopFuture.wait()` because only it gives a result's columns when it has no rows
/// (`PostgresRowSequence.columns`).
final class BlockingRunner: TaskExecutor, @unchecked Sendable {
  /// The one runner of the process: its thread starts on first use and lives as long as the
  /// process, as SwiftNIO's event-loop threads do.
  static let shared = BlockingRunner()

  private let condition = NSCondition()
  private var jobs: [UnownedJob] = []

  private init() {
    let thread = Thread { [unowned self] in self.serve() }
    thread.name = "envelope-postgres"
    thread.start()
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    condition.lock()
    jobs.append(job)
    condition.signal()
    condition.unlock()
  }

  private func serve() {
    while true {
      condition.lock()
      while jobs.isEmpty { condition.wait() }
      let batch = jobs
      jobs.removeAll(keepingCapacity: true)
      condition.unlock()
      for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
  }

  /// Runs `body` on this runner's thread and returns its result, blocking the caller until then.
  ///
  /// - Parameter body: The asynchronous work.
  /// - Returns: What `body` returns.
  /// - Throws: What `body` throws.
  func run<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
    try run(abandoningAfter: nil, body)
  }

  /// Runs `body` as ``run(_:)`` does, but stops waiting for it `grace` after `closed` completes.
  ///
  /// PostgresNIO 1.33.2 leaves a statement unanswered forever when the connection closes just
  /// before the statement reaches it: `PostgresConnection.query` writes the statement to the
  /// channel with no promise, so when that write fails on the closed channel nothing completes
  /// the statement's own promise (PostgresConnectionTests reproduces it). A server restarted
  /// while four writers recorded estimates left one of them waiting until CI's time limit.
  /// Once the connection's channel is closed no answer can come any more, so after a grace
  /// period (for the error PostgresNIO does deliver) the caller gets `abandoned` instead; the
  /// unanswered task is left suspended, and the command exits.
  ///
  /// - Parameters:
  ///   - closed: Completes when the connection's channel closes; `nil` waits for `body` alone.
  ///   - grace: How long to wait for `body` after `closed` completes.
  ///   - abandoned: The error the caller gets when `body` has not finished by then.
  ///   - body: The asynchronous work.
  /// - Returns: What `body` returns.
  /// - Throws: What `body` throws, or `abandoned`.
  func run<Value: Sendable>(
    abandoningAfter closed: EventLoopFuture<Void>?, grace: TimeAmount = .seconds(5),
    with abandoned: @autoclosure @escaping @Sendable () -> any Error = CancellationError(),
    _ body: @escaping @Sendable () async throws -> Value
  ) throws -> Value {
    let outcome = Outcome<Value>()
    if let closed {
      // Held weakly: the connection keeps this callback until it closes, and a finished
      // statement's outcome holds its rows (a cursor's pages would pile up over a long read).
      closed.whenComplete { [weak outcome] _ in
        guard let outcome, !outcome.isFinished else { return }
        closed.eventLoop.scheduleTask(in: grace) { outcome.finish(.failure(abandoned())) }
      }
    }
    Task(executorPreference: self) {
      let result: Result<Value, any Error>
      do {
        result = .success(try await body())
      } catch {
        result = .failure(error)
      }
      outcome.finish(result)
    }
    return try outcome.wait().get()
  }
}

/// The result of one ``BlockingRunner/run(_:)``, handed from the runner's thread to the caller.
private final class Outcome<Value: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var result: Result<Value, any Error>?

  /// Whether a result has arrived.
  var isFinished: Bool {
    condition.lock()
    defer { condition.unlock() }
    return result != nil
  }

  /// Keeps the first result it is given; later ones are ignored.
  func finish(_ result: Result<Value, any Error>) {
    condition.lock()
    if self.result == nil { self.result = result }
    condition.signal()
    condition.unlock()
  }

  func wait() -> Result<Value, any Error> {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let result { return result }
      condition.wait()
    }
  }
}
