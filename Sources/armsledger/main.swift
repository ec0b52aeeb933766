#if canImport(Glibc)
import Glibc
#endif
import ArmsLedgerCLI

// A closed pipe (`armsledger log | head`) ends output quietly instead of killing the process,
// and a file-size limit makes write(2) fail with EFBIG instead of killing it mid-append.
signal(SIGPIPE, SIG_IGN)
signal(SIGXFSZ, SIG_IGN)
exit(ArmsLedgerTool.run(Array(CommandLine.arguments.dropFirst()), io: .process()))
