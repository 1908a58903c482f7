import ArgumentParser
import FECommon
import FeinvertJobs
import Foundation

/// The `feinvert` command tree. Exit codes follow `shared/spec/interface.md`:
/// 0 success, 2 bad input or usage, 3 numerical failure, 4 fit not converged.
@main
struct Feinvert: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "feinvert",
    abstract: "Finite-element inverse solver for composite laminates.",
    version: ProcessSetup.version,
    subcommands: [MeshCommand.self, SolveCommand.self, SynthCommand.self, FitCommand.self, StressesCommand.self, ValidateCommand.self, ReportCommand.self, DesignCommand.self, AppCommand.self])

  static func main() {
    selectBLASKernels()
    ProcessSetup.installFactorizationProgress()
    do {
      if let repeated = RepeatedOptions.check(Array(CommandLine.arguments.dropFirst()), commandTree: _dumpHelp()) {
        throw repeated
      }
      var command = try parseAsRoot()
      try command.run()
    } catch {
      exit(withError: error)
    }
  }

  /// Re-executes the process with `OPENBLAS_CORETYPE` set when OpenBLAS fell back to
  /// generic kernels on a CPU it did not recognise (see `BLASKernelSelection`); the
  /// variable is read only when the library loads. `FEINVERT_KEEP_BLAS=1` opts out.
  static func selectBLASKernels() {
    let environment = ProcessInfo.processInfo.environment
    guard environment["FEINVERT_KEEP_BLAS"] == nil,
      let core = ProcessSetup.recommendedOpenBLASCoreType(environment: environment)
    else { return }
    setenv("OPENBLAS_CORETYPE", core, 1)
    let arguments = CommandLine.arguments
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
    argv.append(nil)
    execv("/proc/self/exe", argv)
    // execv returns only on failure: carry on with the kernels we have.
    unsetenv("OPENBLAS_CORETYPE")
  }

  /// Prints the error and exits with the contract's code; ArgumentParser's own
  /// codes (1 for errors, 64 for usage) become 2.
  static func exit(withError error: Error) -> Never {
    let code: Int32
    let message: String
    switch error {
    case let e as FeinvertError:
      code = e.exitCode
      message = "feinvert: error: \(e.description)"
    case let e as ExitCode:
      // A command's own outcome code (4: the fit did not converge; its report is written).
      Foundation.exit(e.rawValue)
    default:
      let full = Self.fullMessage(for: error)
      let exitCode = Self.exitCode(for: error).rawValue
      if exitCode == 0 {
        print(full)
        Foundation.exit(0)
      }
      code = 2
      message = full
    }
    FileHandle.standardError.write(Data((message + "\n").utf8))
    Foundation.exit(code)
  }
}
