import EnvelopeCLI
import EnvelopePostgres

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// `envelope` with the PostgreSQL backend: what `envelope` hands a postgresql:// ledger to.
PostgresBackend.register()
exit(Envelope.run(Array(CommandLine.arguments.dropFirst())))
