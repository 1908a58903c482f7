import ArgumentParser
import ExampleJobs

/// `feinvert app loops`: loop-extrusion processivity from right-censored extruded lengths
/// (or from snapshots, by simulation), and the loops predicted at half the cohesin density
/// (`shared/spec/apps.md` §5).
struct LoopExtrusionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "loops",
    abstract: "Loop extrusion: processivity by the censored exponential MLE (or by simulation from snapshots); loops at d and 2d.")

  @Option(help: "CSV: length_kb,censored (lifetimes) or snapshot,loop_kb[,left_kb]; metadata ring_kb, separation_kb.") var data: String
  @Option(help: "Report JSON.") var report: String
  @Option(help: "Table CSV: one row per prediction replicate.") var out: String?
  @Option(help: "Ring length L in kb (overrides the metadata; lifetimes default 30000).") var ringKb: Int?
  @Option(help: "LEF separation d = L/N in kb (overrides the metadata).") var separationKb: Double?
  @Option(help: "Simulation replicates per prediction.") var replicates = 3
  @Option(help: "Seed of the simulations.") var seed: UInt64 = 1
  @Option(help: "HTML page: lambda's profile likelihood (or snapshot fit) and the predicted loops.") var html: String?

  mutating func run() throws {
    var o = LoopExtrusionJob.Options(data: data, report: report)
    (o.out, o.ringKb, o.separationKb, o.replicates, o.seed) = (out, ringKb, separationKb, replicates, seed)
    o.html = html
    print(try LoopExtrusionJob.run(o).summary, terminator: "")
  }
}
