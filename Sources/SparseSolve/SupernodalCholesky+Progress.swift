import Synchronization

/// How far a factorization has come: the share of its flops done.
public struct FactorizationProgress: Sendable, Equatable {
  /// Flops of the supernodes factored so far over the factor's total, in [0, 1];
  /// non-decreasing within one factorization, exactly 1 at its end.
  public var fractionDone: Double
  /// The factor's total flops (as `FactorStatistics.flops` counts them).
  public var totalFlops: Double
  /// Seconds since the factorization began.
  public var seconds: Double
}

/// Who hears of a factorization's progress, and how often.
public struct FactorizationProgressReporting: Sendable {
  /// At least this many seconds between two reports (0: after every supernode).
  public var interval: Double
  /// Called from whichever worker thread finished the work that crossed the interval,
  /// never twice at once; the last call of a successful factorization has
  /// `fractionDone == 1`. It must not call back into the factor.
  public var report: @Sendable (FactorizationProgress) -> Void

  public init(interval: Double, report: @escaping @Sendable (FactorizationProgress) -> Void) {
    self.interval = interval
    self.report = report
  }
}

extension SupernodalCholesky {
  private static let defaultProgressReporting = Mutex<FactorizationProgressReporting?>(nil)

  /// The reporting of every factorization whose own `progressReporting` is nil: set once by
  /// a program that shows progress (the command line does on a terminal). nil: silence.
  public static var defaultProgress: FactorizationProgressReporting? {
    get { defaultProgressReporting.withLock { $0 } }
    set { defaultProgressReporting.withLock { $0 = newValue } }
  }
}

/// Counts a factorization's flops as its supernodes finish and reports at most every
/// `interval` seconds. Workers add concurrently (an atomic counter); reports are serialized
/// by a mutex, which also keeps the reported fractions non-decreasing.
final class FactorizationProgressTracker: Sendable {
  let reporting: FactorizationProgressReporting
  let total: Double
  let clock = ContinuousClock()
  let start: ContinuousClock.Instant
  /// Flops done, in units of 1 flop (an Int64 holds 9e18).
  let done = Atomic<Int>(0)
  /// (seconds of the last report, the last fraction reported).
  let last = Mutex<(seconds: Double, fraction: Double)>((0, 0))

  init(reporting: FactorizationProgressReporting, total: Double) {
    self.reporting = reporting
    self.total = max(total, 1)
    start = clock.now
  }

  func add(_ flops: Double) {
    let now = done.wrappingAdd(Int(flops.rounded()), ordering: .relaxed).newValue
    let elapsed = seconds
    guard elapsed - last.withLock({ $0.seconds }) >= reporting.interval else { return }
    emit(min(1, Double(now) / total), elapsed: elapsed, force: false)
  }

  func finish() { emit(1, elapsed: seconds, force: true) }

  var seconds: Double {
    let c = start.duration(to: clock.now).components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
  }

  private func emit(_ fraction: Double, elapsed: Double, force: Bool) {
    last.withLock { state in
      guard force || elapsed - state.seconds >= reporting.interval else { return }
      let f = max(fraction, state.fraction)
      state = (elapsed, f)
      reporting.report(FactorizationProgress(fractionDone: f, totalFlops: total, seconds: elapsed))
    }
  }
}
