import Synchronization

/// The one process-wide lock around FFTW's planner.
///
/// FFTW's planner (`fftw_plan_*`) and `fftw_destroy_plan` share global state and are not
/// thread-safe (FFTW 3 manual, §5.2 "Thread safety": only `fftw_execute` is). Every module
/// that plans FFTW transforms (`EngineeringExamples`' deconvolution, `PrivacyExamples`' PLD
/// accountant) plans, executes and destroys under this lock, so that two of them running
/// concurrently (parallel tests, or one process running both) never race. FECommon itself
/// does not link FFTW; the lock is only a name they share.
package enum FFTWPlannerLock {
  package static let mutex = Mutex(())
}
