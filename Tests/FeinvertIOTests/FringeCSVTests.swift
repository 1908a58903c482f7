import FECommon
import FEKernel
import Foundation
import LaminateFit
import Testing

@testable import FeinvertIO

/// Text of a fixture in `Fixtures/fringe`.
private func fringeFixture(_ name: String) throws -> String {
  let base = (name as NSString).deletingPathExtension
  let url = try #require(Bundle.module.url(forResource: base, withExtension: "csv", subdirectory: "Fixtures/fringe"))
  return try String(contentsOf: url, encoding: .utf8)
}

private func fringeFixtureURL(_ name: String) throws -> URL {
  let base = (name as NSString).deletingPathExtension
  return try #require(Bundle.module.url(forResource: base, withExtension: "csv", subdirectory: "Fixtures/fringe"))
}

@Suite("Fringe CSV")
struct FringeCSVTests {
  static let mm = 1e-3

  @Test func goodFileWithMaskSigmaWeightAndMetadata() throws {
    let d = try FringeCSVReader.parse(text: fringeFixture("good.csv"), path: "good.csv", lengthUnitMetres: Self.mm)
    #expect(d.source == "good.csv")
    #expect(d.points == [SIMD3(10, 5, 0.125), SIMD3(10.5, 5, 0.125), SIMD3(11, 5, 0.125)])
    #expect(d.lines == [6, 7, 9])
    #expect(d.components == [0, 2])
    #expect(d.values[0] == 0.0101 && d.values[1] == -0.00012)
    #expect(d.isMasked(point: 1, component: 0) && !d.isMasked(point: 1, component: 2))
    #expect(d.value(point: 1, component: 2) == -0.00013)
    #expect(d.values[4] == 1e-2 && d.isMasked(point: 2, component: 2))
    #expect(d.observedValueCount == 4)
    let sigma = try #require(d.sigma)
    #expect(sigma[0] == 0.0002 && sigma[1] == 0.0002)
    #expect(sigma[2].isNaN && sigma[3] == 0.0003)
    #expect(sigma[4] == 0.0002 && sigma[5].isNaN)
    // An empty weight cell reads as the default weight 1.
    #expect(d.weight == [1.5, 1, 2])
    #expect(d.metadata["specimen"] == "A-17")
    #expect(d.metadata["grating_frequency"] == "2400      (lines per mm; needed only for fringe orders)")
    #expect(d.metadata.count == 2)  // "moire fringe data, specimen A" and "a hole in the field" are plain comments
  }

  @Test func readFromDisk() throws {
    let url = try fringeFixtureURL("good.csv")
    let d = try FringeCSVReader.read(path: url.path, lengthUnitMetres: Self.mm)
    #expect(d.source == url.path)
    #expect(d.points.count == 3)
    do {
      _ = try FringeCSVReader.read(path: "/nonexistent/fringe.csv", lengthUnitMetres: Self.mm)
      Issue.record("a missing file was read")
    } catch let e as InputError {
      #expect(e.description.hasPrefix("/nonexistent/fringe.csv: cannot read the file"))
    }
  }

  /// N fringes at F lines/mm are N/F mm: 24 / 2400 = 0.01 mm.
  @Test func fringeOrdersAreConverted() throws {
    let text = try fringeFixture("good_fringe.csv")
    let mm = try FringeCSVReader.parse(text: text, path: "f.csv", lengthUnitMetres: Self.mm)
    #expect(mm.components == [0, 2])
    // One division and an exact unit ratio: the quotient is correctly rounded.
    #expect(mm.values[0] == 24.0 / 2400)
    #expect(mm.values[1] == -4.8 / 2400)
    #expect(mm.values[2].isNaN)
    #expect(mm.values[3] == 12.0 / 2400)
    let sigma = try #require(mm.sigma)
    #expect(sigma[0] == 0.5 / 2400)
    #expect(sigma[1].isNaN && sigma[2].isNaN && sigma[3].isNaN)  // no sigma_Nz column; masked sigma_Nx
    // In metres the same displacement is 1e-3 times as large; in inches 1/25.4 of the mm value.
    let m = try FringeCSVReader.parse(text: text, path: "f.csv", lengthUnitMetres: 1)
    #expect(abs(m.values[0] - 1e-5) < 1e-20)
    let inch = try FringeCSVReader.parse(text: text, path: "f.csv", lengthUnitMetres: 0.0254)
    #expect(abs(inch.values[0] - 0.01 / 25.4) < 1e-16 * 0.01)
  }

  private func sample() -> FringeData {
    FringeData(
      source: "out.csv",
      points: [SIMD3(0.1, 0.2, 0.3), SIMD3(1.0 / 3, 2e-7, -5), SIMD3(7, 8, 9)],
      lines: [3, 4, 5],
      components: [2, 0],
      values: [1e-3, -2.5e-4, .nan, 0.1 / 3, 3.0e-5, .nan],
      // A sigma beside every value present; beside a masked value it may be empty or not.
      sigma: [1e-5, 3e-6, .nan, 2e-5, 4e-6, 1e-6],
      weight: [1, 0.5, 2],
      metadata: ["specimen": "A-17"])
  }

  @Test func roundTripAsDisplacements() throws {
    let d = sample()
    let text = FringeCSVWriter.encode(d, asFringeOrders: nil, lengthUnitMetres: Self.mm)
    #expect(text.hasPrefix("# length_unit = mm\n# specimen = A-17\nx,y,z,uz,ux,sigma_uz,sigma_ux,weight\n0.1,0.2,0.3,0.001,-0.00025,1e-05,3e-06,1.0\n"))
    let back = try FringeCSVReader.parse(text: text, path: "out.csv", lengthUnitMetres: Self.mm)
    // Shortest round-trip printing: bit-identical; the writer states its length unit, one line more.
    var expected = d
    expected.metadata["length_unit"] = "mm"
    expected.lines = d.lines.map { $0 + 1 }
    #expect(back == expected)
  }

  @Test func roundTripAsFringeOrders() throws {
    let d = sample()
    for (unit, f) in [(1e-3, 2400.0), (1.0, 1200.0), (0.0254, 600.0)] {
      let text = FringeCSVWriter.encode(d, asFringeOrders: f, lengthUnitMetres: unit)
      let name = ["mm", "m", "in"][[1e-3, 1.0, 0.0254].firstIndex(of: unit)!]
      #expect(text.hasPrefix("# grating_frequency = \(f)\n# length_unit = \(name)\n# specimen = A-17\nx,y,z,Nz,Nx,sigma_Nz,sigma_Nx,weight\n"))
      let back = try FringeCSVReader.parse(text: text, path: "out.csv", lengthUnitMetres: unit)
      #expect(back.points == d.points && back.components == d.components)
      #expect(back.lines == [5, 6, 7])  // one more metadata line than the displacement file
      #expect(back.weight == d.weight)
      #expect(back.metadata == ["specimen": "A-17", "grating_frequency": "\(f)", "length_unit": name])
      // A multiplication and a division on the way: a few ulps.
      for (a, b) in zip(back.values, d.values) {
        #expect(a.isNaN == b.isNaN)
        if !a.isNaN { #expect(abs(a - b) <= 8 * b.ulp) }
      }
      for (a, b) in zip(back.sigma!, d.sigma!) {
        #expect(a.isNaN == b.isNaN)
        if !a.isNaN { #expect(abs(a - b) <= 8 * b.ulp) }
      }
    }
  }

  @Test func crlfLineEndsAndBlankLines() throws {
    let text = "# grating_frequency = 1200\r\n\r\nx , y , z , Nx\r\n1,2,3,12\r\n"
    let d = try FringeCSVReader.parse(text: text, path: "w.csv", lengthUnitMetres: Self.mm)
    #expect(d.lines == [4])
    #expect(d.values == [0.01])
  }

  static let malformed: [(file: String, text: String)] = [
    ("bad_text.csv",
     "bad_text.csv:4: found 'abc' in column ux; expected a finite decimal number (an empty cell masks a value)"),
    ("bad_nan.csv",
     "bad_nan.csv:3: found 'nan' in column ux; expected a finite decimal number (an empty cell masks a value)"),
    ("bad_empty_coordinate.csv",
     "bad_empty_coordinate.csv:3: found an empty cell in column y; expected a coordinate"),
    ("bad_missing_x.csv",
     "bad_missing_x.csv:2: found no column x in the header; expected the point coordinates x, y and z"),
    ("bad_no_data_columns.csv",
     "bad_no_data_columns.csv:1: found no data column in the header; expected at least one of ux, uy, uz, Nx, Ny, Nz"),
    ("bad_duplicate_column.csv",
     "bad_duplicate_column.csv:1: found column ux twice (columns 4 and 6); expected each column once"),
    ("bad_duplicate_component.csv",
     "bad_duplicate_component.csv:2: found columns ux and Nx, both for component ux; expected one data column per component"),
    ("bad_duplicate_sigma.csv",
     "bad_duplicate_sigma.csv:2: found columns sigma_ux and sigma_Nx, both for component ux; expected one sigma column per component"),
    ("bad_field_count.csv",
     "bad_field_count.csv:3: found 6 fields; expected 7 (x,y,z,ux,uz,sigma_ux,sigma_uz)"),
    ("bad_no_frequency.csv",
     "bad_no_frequency.csv:1: found fringe-order columns Nx, Nz but no '# grating_frequency = F' line; expected the grating frequency in lines per mm"),
    ("bad_frequency.csv",
     "bad_frequency.csv:1: found grating_frequency = fast; expected a positive number of lines per mm, optionally followed by its unit (lines/mm, lines/um, lines/cm, lines/m, lines/in)"),
    ("bad_unknown_column.csv",
     "bad_unknown_column.csv:1: found unknown column 'uzz' (column 5); expected x, y, z, ux, uy, uz, Nx, Ny, Nz, sigma_<data column> or weight"),
    ("bad_negative_sigma.csv",
     "bad_negative_sigma.csv:3: found sigma_ux = -0.0002; expected a standard deviation > 0 (from 1e-300 to 1e100)"),
    ("bad_weight.csv",
     "bad_weight.csv:2: found weight = 0; expected a weight > 0 (from 1e-100 to 1e100)"),
    ("bad_sigma_without_data.csv",
     "bad_sigma_without_data.csv:1: found column sigma_uy without a uy or Ny column; expected sigma only for a data column present"),
    ("bad_no_header.csv",
     "bad_no_header.csv:2: found no header line; expected a header with x,y,z and data columns (ux,uy,uz or Nx,Ny,Nz)"),
    ("bad_no_rows.csv",
     "bad_no_rows.csv:2: found no data rows after the header; expected at least one point"),
  ]

  /// Values whose weighted squares would overflow are bad input at their line (exit 2),
  /// not a non-finite residual later (exit 3 with no line).
  @Test(arguments: [
    ("x,y,z,ux,sigma_ux\n0,0,0,1e-3,1e-320\n", "t.csv:2: found sigma_ux = 1e-320; expected a standard deviation > 0 (from 1e-300 to 1e100)"),
    ("x,y,z,ux,sigma_ux\n0,0,0,1e308,2e-5\n", "t.csv:2: found ux = 1e308; expected a value with magnitude <= 1e100"),
    ("x,y,z,ux,sigma_ux\n0,0,0,1e90,1e-90\n", "t.csv:2: found ux = 1e90 with sigma_ux = 1e-90; expected a value within 1e150 standard deviations of 0"),
    ("x,y,z,ux,weight\n0,0,0,1e-3,1e300\n", "t.csv:2: found weight = 1e300; expected a weight > 0 (from 1e-100 to 1e100)"),
  ])
  func overflowingValuesAreBadInput(content: String, text: String) throws {
    expectInputError(parsing: content, path: "t.csv", description: text)
  }

  @Test(arguments: malformed)
  func malformedFixture(file: String, text: String) throws {
    expectInputError(parsing: try fringeFixture(file), path: file, description: text)
  }

  /// Parsing `content` as `path` throws an `InputError` (exit 2) with exactly `description`.
  func expectInputError(
    parsing content: String, path: String, description: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try FringeCSVReader.parse(text: content, path: path, lengthUnitMetres: Self.mm)
      Issue.record("\(path) was read without an error", sourceLocation: sourceLocation)
    } catch let e as InputError {
      #expect(e.description == description, sourceLocation: sourceLocation)
      #expect(e.exitCode == 2, sourceLocation: sourceLocation)
    } catch {
      Issue.record("\(path): \(error)", sourceLocation: sourceLocation)
    }
  }

  /// Every fixture named bad_* has a case above.
  @Test func everyMalformedFixtureIsTested() throws {
    let dir = try fringeFixtureURL("good.csv").deletingLastPathComponent()
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("bad_") }
    #expect(Set(files) == Set(Self.malformed.map(\.file)))
  }

  /// 10⁵ rows (prints the time; timings belong in Benchmarks/).
  @Test func largeFile() throws {
    var text = "# grating_frequency = 2400\nx,y,z,Nx,Nz,sigma_Nx,sigma_Nz,weight\n"
    for i in 0..<100_000 {
      let x = Double(i % 1000) * 0.1, y = Double(i / 1000) * 0.05
      text += "\(x),\(y),0.125,\(0.001 * Double(i)),\(i % 7 == 0 ? "" : "-12.5"),0.05,0.05,1\n"
    }
    let start = Date()
    let d = try FringeCSVReader.parse(text: text, path: "big.csv", lengthUnitMetres: Self.mm)
    print("FringeCSVReader: 100000 rows in \(Date().timeIntervalSince(start)) s")
    #expect(d.points.count == 100_000)
    #expect(d.observedValueCount == 200_000 - (100_000 + 6) / 7)
  }

  @Test func otherNonNumbers() throws {
    for bad in ["inf", "-inf", "1e999", "0x10", "1,5".replacingOccurrences(of: ",", with: ";"), "--1"] {
      let text = "x,y,z,uy\n1,2,3,\(bad)\n"
      #expect(throws: InputError.self, "\(bad)") {
        try FringeCSVReader.parse(text: text, path: "n.csv", lengthUnitMetres: 1e-3)
      }
    }
  }
}
