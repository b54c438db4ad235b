#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An advisory, exclusive lock on a file beside the ledger, held while a process opens and
/// migrates it, so that many processes starting on a new file at once all succeed.
///
/// The lock is a separate `.lock` file, never the database itself: closing any descriptor of
/// the database would drop SQLite's own POSIX locks.
final class FileLock {
  private let descriptor: Int32

  /// Takes the lock, waiting for other holders; `nil` when the lock file cannot be created
  /// (a read-only folder), in which case the caller proceeds without it.
  init?(path: String) {
    let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return nil }
    while flock(descriptor, LOCK_EX) != 0 {
      if errno != EINTR {
        close(descriptor)
        return nil
      }
    }
    self.descriptor = descriptor
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
