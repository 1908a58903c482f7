import ArgumentParser

/// `feinvert app NAME --data FILE.csv [options] --report OUT.json`: the inversions
/// beyond laminates of `shared/spec/apps.md`, each a subcommand in this folder.
struct AppCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "app",
    abstract: "Inversions beyond laminates on the same inversion layer (shared/spec/apps.md).",
    subcommands: [
      // Each example's command is listed here, one per line.
      RibosomeCommand.self,
      DeconvolutionCommand.self,
      QuantalCommand.self,
      SoilCommand.self,
      FinCommand.self,
      GillCommand.self,
      LeafCommand.self,
      PrivacyCommand.self,
      EDNACommand.self,
      LoopExtrusionCommand.self,
    ])
}
