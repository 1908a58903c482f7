import Foundation

/// Paths of the privacy tests' fixtures (`Fixtures/` is a copied resource).
enum PrivacyFixtures {
  static func path(_ name: String) -> String {
    guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
      return "Fixtures/" + name  // reading fails with a clear message
    }
    return folder.appendingPathComponent(name).path
  }

  static func bytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
  }
}
