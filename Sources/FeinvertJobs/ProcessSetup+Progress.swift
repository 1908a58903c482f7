import Foundation
import SparseSolve

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension ProcessSetup {
  /// Seconds between two progress lines of a factorization.
  package static let progressInterval = 3.0

  /// The factorization progress a terminal shows, or nil (silence) when standard error is
  /// not a terminal: a log or a pipe gets nothing extra.
  ///
  /// On a terminal the line `factorization 37% of 1.19e+12 flops, 6.1 s` is rewritten in
  /// place (carriage return) every `progressInterval` seconds, for factorizations that run
  /// longer than that; the end of the factorization clears it.
  package static func factorizationProgress(isTerminal: Bool) -> FactorizationProgressReporting? {
    guard isTerminal else { return nil }
    return FactorizationProgressReporting(interval: progressInterval) { p in
      let text = p.fractionDone < 1
        ? String(format: "\rfactorization %3.0f%% of %.3g flops, %.1f s", 100 * p.fractionDone, p.totalFlops, p.seconds)
        : "\r\u{1B}[K"
      FileHandle.standardError.write(Data(text.utf8))
    }
  }

  /// Installs `factorizationProgress` for every factorization of this process, when
  /// standard error is a terminal.
  package static func installFactorizationProgress() {
    SupernodalCholesky.defaultProgress = factorizationProgress(isTerminal: isatty(STDERR_FILENO) == 1)
  }
}
