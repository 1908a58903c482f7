@testable import ExampleJobs
import FECommon
import XCTest

/// The diabetes data the privacy example ships: byte-for-byte scikit-learn's bundled
/// file, and the app's CSV reads back to the same float64 values, checked against the
/// SHA-256 digests of `shared/spec/apps.md` §10 (computed there from scikit-learn 1.9.1).
final class PrivacyDataTests: XCTestCase {
  static let rawXDigest = "6b93b2556c8942c79d8374838768047adf9d1f4044510b9f948ddace62567d75"
  static let targetDigest = "4911e8747aff95aa1cd523fea86dd91cfd1cd14c1a8ead274f1913b14fa853c4"
  static let rawFileDigest = "86badf50b4f9436ddd1e497dc0ae1b93166f8120221ee7dca4634fe849f3be7c"

  /// FIPS 180-2 appendix B vectors: "abc", the 448-bit two-block message, and the
  /// empty string (its digest is the well-known e3b0…b855).
  func testSHA256OnFIPSVectors() {
    XCTAssertEqual(PrivacySHA256.hex(Array("abc".utf8)),
                   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(PrivacySHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                   "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    XCTAssertEqual(PrivacySHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  /// The raw file is scikit-learn's; its 442 × 10 values and the target file's 442
  /// values hash to the spec's digests (so any parse of them is the reference data).
  func testRawFilesMatchScikitLearnDigests() throws {
    let raw = try PrivacyFixtures.bytes("diabetes_data_raw.csv")
    XCTAssertEqual(PrivacySHA256.hex(raw), Self.rawFileDigest)
    let x = try Self.numbers(raw, separator: " ")
    XCTAssertEqual(x.count, 442 * 10)
    XCTAssertEqual(PrivacySHA256.hex(float64LittleEndian: x), Self.rawXDigest)
    let y = try Self.numbers(PrivacyFixtures.bytes("diabetes_target.csv"), separator: " ")
    XCTAssertEqual(y.count, 442)
    XCTAssertEqual(PrivacySHA256.hex(float64LittleEndian: y), Self.targetDigest)
    let sex = stride(from: 1, to: x.count, by: 10).map { x[$0] }
    XCTAssertEqual(sex.filter { $0 == 1 }.count, 235)
    XCTAssertEqual(sex.filter { $0 == 2 }.count, 207)
  }

  /// The app's input as `PrivacyInput` reads it: the same doubles as the raw files.
  func testAppCSVReadsToTheSameValues() throws {
    let input = try PrivacyInput.load(path: PrivacyFixtures.path("diabetes.csv"), target: "progression",
                                      sensitive: "sex", features: nil)
    XCTAssertEqual(input.data.featureNames, ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
    XCTAssertEqual(input.sensitiveColumn, 1)
    XCTAssertEqual(PrivacySHA256.hex(float64LittleEndian: input.data.features), Self.rawXDigest)
    XCTAssertEqual(PrivacySHA256.hex(float64LittleEndian: input.data.target), Self.targetDigest)
  }

  static func numbers(_ bytes: [UInt8], separator: Character) throws -> [Double] {
    let text = String(decoding: bytes, as: UTF8.self)
    return try text.split(whereSeparator: { $0 == separator || $0 == "\n" }).map {
      guard let v = Double($0) else { throw InputError("found \($0); expected a number", at: SourceLocation(file: "raw")) }
      return v
    }
  }
}
