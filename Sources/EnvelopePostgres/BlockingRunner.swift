import Foundation

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
    let outcome = Outcome<Value>()
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

  func finish(_ result: Result<Value, any Error>) {
    condition.lock()
    self.result = result
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
