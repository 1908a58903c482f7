import GmshFiles
import FeinvertIO
import FECommon
import FEKernel
import Foundation
import SparseSolve

/// A mesh file and a model file, read and bound into a problem.
package struct ProblemInput: Sendable {
  package var meshPath: String
  /// The model file as read: the model, the fit settings and the solver choice.
  package var modelFile: ModelFile
  package var problem: LinearElasticProblem

  package var modelPath: String { modelFile.path }

  /// Reads the mesh and model and binds them.
  ///
  /// - Parameters:
  ///   - mesh: the `.msh` path as given.
  ///   - model: the `.toml` path, or nil for the contract's default (the mesh's path
  ///     with its extension replaced by `.toml`).
  ///   - distributedSolve: whether the command solves through `[solver] backend = "petsc"`
  ///     (`solve`, `fit`); the others refuse that backend as bad input.
  package static func load(mesh: String, model: String?, distributedSolve: Bool = false) throws -> ProblemInput {
    let modelPath = model ?? defaultModelPath(forMesh: mesh)
    let m = try MshReader.read(path: mesh)
    var file = try ModelReader.read(path: modelPath)
    // The factorization guard's limits: the file's [solver] memory_limit, and the
    // environment's FEINVERT_MEMORY_LIMIT checked here (a bad value is bad input, exit 2).
    MemoryGuard.configuredLimit = file.solverOptions.memoryLimit
    _ = try MemoryGuard.environmentLimit()
    if !distributedSolve, file.solverOptions.distributed != nil {
      throw InputError(
        "backend = \"petsc\" serves `feinvert solve` and `feinvert fit` only in this version; expected backend = \"direct\" (or no backend key) for this command",
        at: file.solverOptions.backendLocation ?? file.location("solver.backend"))
    }
    if distributedSolve { try useDistributedFactorization(&file) }  // ProblemInput+Distributed.swift
    let problem = try file.locatingKeys { try LinearElasticProblem(mesh: m, model: file.model, meshSource: mesh) }
    // Each [[load_case]] bound too, so that its groups are checked whatever the command.
    if !file.model.loadCases.isEmpty {
      for caseModel in file.model.caseModels {
        _ = try file.locatingKeys { try LinearElasticProblem(mesh: m, model: caseModel, meshSource: mesh) }
      }
    }
    return ProblemInput(meshPath: mesh, modelFile: file, problem: problem)
  }

  /// `coupon.msh` → `coupon.toml`; a path without an extension gets `.toml` appended.
  package static func defaultModelPath(forMesh mesh: String) -> String {
    let slash = mesh.lastIndex(of: "/")
    if let dot = mesh.lastIndex(of: "."), slash.map({ dot > $0 }) ?? true {
      return String(mesh[..<dot]) + ".toml"
    }
    return mesh + ".toml"
  }
}
