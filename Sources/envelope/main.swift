import EnvelopeCLI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

exit(Envelope.run(Array(CommandLine.arguments.dropFirst())))
