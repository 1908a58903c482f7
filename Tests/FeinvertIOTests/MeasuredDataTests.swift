import FECommon
import FeinvertFiles
import Foundation
import LaminateFit
import Testing

@testable import FeinvertIO

/// Text and path of a fixture in `Fixtures/measured`.
private func measuredFixture(_ name: String) throws -> (text: String, path: String) {
  let url = try #require(Bundle.module.url(
    forResource: (name as NSString).deletingPathExtension, withExtension: (name as NSString).pathExtension,
    subdirectory: "Fixtures/measured"))
  return (try String(contentsOf: url, encoding: .utf8), name)
}

/// The message of the `InputError` `body` throws, or a recorded issue.
private func inputError(_ body: () throws -> Void) -> InputError? {
  do {
    try body()
    Issue.record("expected an InputError")
  } catch let e as InputError {
    return e
  } catch {
    Issue.record("expected an InputError, got \(error)")
  }
  return nil
}

/// |a - b| within `rel` of |b| (or of 1e-300 for b = 0).
private func close(_ a: Double, _ b: Double, rel: Double = 1e-12) -> Bool {
  abs(a - b) <= rel * max(abs(b), 1e-300)
}

@Suite("Measured data: DIC and moiré exports")
struct MeasuredDataTests {
  static let mm = 1e-3

  @Test func separatorDetectionAndQuotedCells() throws {
    #expect(CSVSeparator.detect(header: "\"a,b\";c") == .semicolon)
    #expect(CSVSeparator.detect(header: "x\ty;z") == .tab)
    #expect(CSVSeparator.detect(header: "x,y") == .comma)
    #expect(CSVSeparator.detect(header: "x  y   z") == .whitespace)
    #expect(CSVSeparator.comma.split("\"x [mm]\", \"say \"\"hi\"\"\" ,3") == ["x [mm]", "say \"hi\"", "3"])
    #expect(CSVSeparator.whitespace.split("  1.5   2\t 3 ") == ["1.5", "2", "3"])
    #expect(CSVSeparator.semicolon.split("1;;2") == ["1", "", "2"])
    #expect(CSVSeparator.comma.split("\"open,1") == nil)
    // Decimal commas under ';' only; a cell with both ',' and '.' is no number.
    #expect(CSVSeparator.semicolon.decimalValue("-1,25e-3") == -1.25e-3)
    #expect(CSVSeparator.semicolon.decimalValue("1.000,5") == nil)
    #expect(CSVSeparator.comma.decimalValue("1,5") == nil)
    #expect(HeaderCell("x [mm]").name == "x" && HeaderCell("x [mm]").unit == "mm" && HeaderCell("x [mm]").text == "x [mm]")
    #expect(HeaderCell("u (um)").unit == "um" && HeaderCell("u (um)").name == "u")
    #expect(HeaderCell("strain.Strain-global frame: Exx [ ]").unit == "")
    #expect(HeaderCell("weight").unit == nil)
  }

  /// DICe 2D: pixels converted by the pixel size; the failed subset (SIGMA = -1) dropped.
  @Test func diceSolutionWithCalibration() throws {
    let f = try measuredFixture("DICe_solution_0.txt")
    var options = MeasuredDataOptions()
    options.pixelSize = 0.02  // mm per pixel
    options.planeZ = 0.5
    let read = try MeasuredDataReader.parse(text: f.text, path: f.path, lengthUnitMetres: Self.mm, options: options)
    let d = read.data
    #expect(read.rowsRead == 4 && read.rowsMasked == 1 && d.points.count == 3)
    #expect(d.lines == [13, 14, 16])
    #expect(d.components == [0, 1])
    #expect(close(d.points[0].x, 2.0) && close(d.points[0].y, 1.0) && d.points[0].z == 0.5)
    #expect(close(d.values[0], 0.25 * 0.02) && close(d.values[1], -0.1 * 0.02))
    #expect(close(d.points[2].y, 1.2) && close(d.values[5], -0.12 * 0.02))
    #expect(d.sigma == nil)
    let summary = try #require(read.notes.first)
    #expect(summary.contains("read as DICe (detected from the header)"))
    #expect(summary.contains("4 rows read, 1 masked (1: SIGMA < 0, DICe's mark of a failed subset, first on line 15), 3 kept"))
    #expect(read.notes.contains { $0.contains("not used: SUBSET_ID, GAMMA, BETA, STATUS_FLAG") })

    // The same calibration stated in the file, in µm per pixel, and z in µm.
    let stated = "# pixel_size = 20 um\n# z = 500 um\n" + f.text
    let again = try MeasuredDataReader.parse(text: stated, path: f.path, lengthUnitMetres: Self.mm).data
    #expect(zip(again.points, d.points).allSatisfy { close($0.x, $1.x) && close($0.y, $1.y) && close($0.z, $1.z) })
    #expect(zip(again.values, d.values).allSatisfy { close($0, $1) })

    // Without a pixel size, exit 2 naming the pixel column and the line to add.
    let e = inputError { _ = try MeasuredDataReader.parse(text: "# z = 0.5\n" + f.text, path: f.path, lengthUnitMetres: Self.mm) }
    #expect(e?.location.line == 13)
    #expect(e?.message.contains("found column 'COORDINATE_X' in pixels (read as x) but no pixel size") == true)
    // Plane data without z.
    let noZ = inputError { _ = try MeasuredDataReader.parse(text: "# pixel_size = 0.02 mm\n" + f.text, path: f.path, lengthUnitMetres: Self.mm) }
    #expect(noZ?.message.contains("found no column for z (DICe gives x and y only") == true)
  }

  /// VIC-3D: quoted header, sigma < 0 drops the row, NaN masks a value, image columns unused.
  @Test func vic3dExport() throws {
    let f = try measuredFixture("vic3d_export.csv")
    let read = try MeasuredDataReader.parse(text: f.text, path: f.path, lengthUnitMetres: Self.mm)
    let d = read.data
    #expect(read.rowsRead == 4 && read.rowsMasked == 1 && read.valuesMasked == 1)
    #expect(d.components == [0, 1, 2])
    #expect(d.points == [SIMD3(10, 5, 0.5), SIMD3(10.5, 5, 0.5), SIMD3(11.5, 5, 0.5)])
    #expect(d.values[0] == 0.0101 && d.values[1] == -0.0012 && d.values[2] == 0.0003)
    #expect(d.isMasked(point: 2, component: 1) && d.value(point: 2, component: 0) == 0.0116)
    #expect(read.notes[0].contains("read as VIC-3D") && read.notes[0].contains("sigma < 0, VIC-3D's mark of a point not correlated"))
    #expect(read.notes.contains { $0.hasSuffix("not used: Count, exx, eyy, exy, x, y, u, v") })
    // A model in metres: every length scaled by 1e-3; the file's own unit statement applies.
    let m = try MeasuredDataReader.parse(text: f.text, path: f.path, lengthUnitMetres: 1).data
    #expect(m.points == d.points)  // no unit stated: the model's
    let um = try MeasuredDataReader.parse(text: "# length_unit = mm\n" + f.text, path: f.path, lengthUnitMetres: 1).data
    #expect(close(um.points[1].x, 10.5e-3) && close(um.values[0], 0.0101e-3))
  }

  /// MatchID: ';' separators, decimal commas, bracketed units, an empty cell masked.
  @Test func matchidExport() throws {
    let f = try measuredFixture("matchid_export.csv")
    let read = try MeasuredDataReader.parse(text: f.text, path: f.path, lengthUnitMetres: Self.mm)
    let d = read.data
    #expect(read.notes[0].contains("read as MatchID") && read.notes[0].contains("separated by ';'"))
    #expect(d.points == [SIMD3(10, 5, 0.5), SIMD3(10.5, 5, 0.5), SIMD3(11, 5, 0.5)])
    #expect(d.components == [0, 1, 2])
    #expect(d.values[0] == 0.0101 && d.values[5] == 0.0003 && d.isMasked(point: 2, component: 1))
    #expect(read.notes.contains { $0.contains("not used: strain.Strain-global frame: Exx [ ], Coordinates.Image X [Pixel]") })
    // The same file read into a µm model: the bracketed mm converted.
    let um = try MeasuredDataReader.parse(text: f.text, path: f.path, lengthUnitMetres: 1e-6).data
    #expect(close(um.points[1].x, 10500) && close(um.values[0], 10.1))
    #expect(um.components == d.components)
  }

  /// A lab's own columns, whitespace-separated with units in parentheses, by a column map.
  @Test func labTableWithColumnMap() throws {
    let f = try measuredFixture("lab_whitespace.txt")
    // Without a map: no layout fits, exit 2 naming the columns and the ways out.
    let e = inputError { _ = try MeasuredDataReader.parse(text: f.text, path: f.path, lengthUnitMetres: Self.mm) }
    #expect(e?.location.line == 3)
    #expect(e?.message.contains("found columns 'xpos (mm)', 'ypos (mm)'") == true)
    #expect(e?.message.contains("--columns") == true)
    var options = MeasuredDataOptions()
    options.columns = try MeasuredDataOptions.parseColumnMap("xpos=x, ypos=y, zpos=z, u=ux, w (um)=uz, quality=ignore",
                                                             at: SourceLocation(file: "--columns"))
    let read = try MeasuredDataReader.parse(text: f.text, path: f.path, lengthUnitMetres: Self.mm, options: options)
    #expect(read.data.components == [0, 2])
    #expect(close(read.data.values[0], 0.0101) && close(read.data.values[5], 0.00035))
    #expect(read.notes.contains { $0.contains("column 'u (um)' converted from um to the model's unit (x 0.001)") })
    // A map naming a column the header lacks, or an unknown role.
    options.columns = [ColumnAssignment(fileColumn: "upos", role: .fringe("ux"))]
    let missing = inputError { _ = try MeasuredDataReader.parse(text: f.text, path: f.path, lengthUnitMetres: Self.mm, options: options) }
    #expect(missing?.description.hasPrefix("--columns: names column 'upos', which is not in the header") == true)
    let role = inputError { _ = try MeasuredDataOptions.parseColumnMap("u=u_x", at: SourceLocation(file: "--columns")) }
    #expect(role?.message.contains("found role 'u_x' for column 'u'; expected one of x, y, z, ux") == true)
  }

  /// Today's fringe CSV goes through the reader unchanged, errors included.
  @Test func todaysFormatUnchanged() throws {
    let text = "# grating_frequency = 2400\nx,y,z,ux,sigma_ux\n1,2,3,0.01,0.001\n4,5,6,,\n"
    let read = try MeasuredDataReader.parse(text: text, path: "d.csv", lengthUnitMetres: Self.mm)
    #expect(read.data == (try FringeCSVReader.parse(text: text, path: "d.csv", lengthUnitMetres: Self.mm)))
    #expect(read.valuesMasked == 1)
    for bad in ["x,y,z,ux,foo\n1,2,3,4,5\n", "x,y,z,ux\n1,2,3,nan\n", "x,y,z,ux\n1,2,3\n"] {
      let old = inputError { _ = try FringeCSVReader.parse(text: bad, path: "d.csv", lengthUnitMetres: Self.mm) }
      let new = inputError { _ = try MeasuredDataReader.parse(text: bad, path: "d.csv", lengthUnitMetres: Self.mm) }
      #expect(old != nil && old == new)
    }
    // The contract's names with ';', quotes and units take the new path with the same values.
    let semi = "\"x [mm]\";\"y [mm]\";\"z [mm]\";\"ux [um]\";sigma_ux [um]\n1;2;3;10;1\n4;5;6;;\n"
    let s = try MeasuredDataReader.parse(text: semi, path: "d.csv", lengthUnitMetres: Self.mm)
    #expect(s.data.points == read.data.points && close(s.data.values[0], 0.01) && s.data.values[1].isNaN)
    #expect(close(try #require(s.data.sigma)[0], 0.001))
    // Under the contract's names an unknown column stays an error, and a unit must be a length.
    let unknown = inputError { _ = try MeasuredDataReader.parse(text: "x;y;z;ux;foo\n1;2;3;4;5\n", path: "d.csv", lengthUnitMetres: Self.mm) }
    #expect(unknown?.message.hasPrefix("found columns 'x', 'y', 'z', 'ux', 'foo'") == true)
    let unit = inputError { _ = try MeasuredDataReader.parse(text: "x [N];y;z;ux\n1;2;3;4\n", path: "d.csv", lengthUnitMetres: Self.mm) }
    #expect(unit?.message.hasPrefix("found unit 'N' in column 'x [N]'; expected a length unit") == true)
    let comma = inputError { _ = try MeasuredDataReader.parse(text: "x;y;z;ux\n1;2;3;1.000,5\n", path: "d.csv", lengthUnitMetres: Self.mm) }
    #expect(comma?.location.line == 2 && comma?.message.hasPrefix("found '1.000,5' in column 'ux' (read as ux)") == true)
    let count = inputError { _ = try MeasuredDataReader.parse(text: "x;y;z;ux\n1;2;3\n", path: "d.csv", lengthUnitMetres: Self.mm) }
    #expect(count?.message == "found 3 fields; expected 4 (x, y, z, ux) separated by ';'")
  }

  /// Round trips: a known field written as each software writes it (units, calibration,
  /// separators), read back to the truth within 1e-12 relative (one scaling each way).
  @Test func roundTripPerLayout() throws {
    var rng = SystemRandomNumberGenerator()
    let n = 25
    let points = (0..<n).map { _ in SIMD3(Double.random(in: 0...20, using: &rng), Double.random(in: 0...10, using: &rng), 0.5) }
    let u = (0..<n).map { _ in SIMD3(Double.random(in: -0.02...0.02, using: &rng), Double.random(in: -0.02...0.02, using: &rng),
                                     Double.random(in: -0.002...0.002, using: &rng)) }
    func check(_ read: MeasuredDataRead, components: [Int], _ what: String) {
      #expect(read.data.points.count == n, "\(what)")
      #expect(read.data.components == components, "\(what)")
      let m = components.count
      for i in 0..<min(n, read.data.points.count) {
        for a in 0..<3 { #expect(close(read.data.points[i][a], points[i][a]), "\(what): point \(i) axis \(a)") }
        for (k, c) in components.enumerated() { #expect(close(read.data.values[i * m + k], u[i][c]), "\(what): value \(i),\(c)") }
      }
    }
    // DICe 2D, 12.5 µm per pixel stated in the file.
    let px = 0.0125
    var dice = "# pixel_size = 12.5 um/px\n# z = 0.5 mm\n***\n*** DICe\n***\nSUBSET_ID,COORDINATE_X,COORDINATE_Y,DISPLACEMENT_X,DISPLACEMENT_Y,SIGMA,GAMMA,BETA,STATUS_FLAG,UNCERTAINTY\n"
    for i in 0..<n {
      dice += "\(i),\(points[i].x / px),\(points[i].y / px),\(u[i].x / px),\(u[i].y / px),0.005,0.02,0,4,0.007\n"
    }
    dice += "\(n),1,1,0,0,-1,0,0,11,0\n"
    let d = try MeasuredDataReader.parse(text: dice, path: "dice.txt", lengthUnitMetres: Self.mm)
    check(d, components: [0, 1], "DICe")
    #expect(d.rowsMasked == 1)
    // DICe stereo: model coordinates in the calibration's mm, no calibration needed.
    var stereo = "SUBSET_ID,COORDINATE_X,COORDINATE_Y,DISPLACEMENT_X,DISPLACEMENT_Y,MODEL_COORDINATES_X,MODEL_COORDINATES_Y,MODEL_COORDINATES_Z,MODEL_DISPLACEMENT_X,MODEL_DISPLACEMENT_Y,MODEL_DISPLACEMENT_Z,SIGMA\n"
    for i in 0..<n {
      stereo += "\(i),3,4,0.1,0.1,\(points[i].x),\(points[i].y),\(points[i].z),\(u[i].x),\(u[i].y),\(u[i].z),0.01\n"
    }
    check(try MeasuredDataReader.parse(text: stereo, path: "stereo.txt", lengthUnitMetres: Self.mm), components: [0, 1, 2], "DICe stereo")
    // VIC-3D, displacements in µm by their header, coordinates in the file's stated mm, tab-separated.
    var vic = "# length_unit = mm\n\"Count\"\t\"X\"\t\"Y\"\t\"Z\"\t\"U [um]\"\t\"V [um]\"\t\"W [um]\"\t\"sigma\"\t\"exx\"\n"
    for i in 0..<n {
      vic += "\(i)\t\(points[i].x)\t\(points[i].y)\t\(points[i].z)\t\(u[i].x * 1000)\t\(u[i].y * 1000)\t\(u[i].z * 1000)\t0.01\t0.001\n"
    }
    check(try MeasuredDataReader.parse(text: vic, path: "vic.csv", lengthUnitMetres: Self.mm), components: [0, 1, 2], "VIC-3D")
    // MatchID with decimal commas, read into a model in metres (both directions scaled).
    var matchid = "\"coor.X [mm]\";\"coor.Y [mm]\";\"coor.Z [mm]\";\"disp.Horizontal Displacement U [mm]\";\"disp.Vertical Displacement V [mm]\";\"disp.Out-Of-Plane: W [mm]\"\n"
    for i in 0..<n {
      let cells = [points[i].x, points[i].y, points[i].z, u[i].x, u[i].y, u[i].z].map { "\($0)".replacingOccurrences(of: ".", with: ",") }
      matchid += cells.joined(separator: ";") + "\n"
    }
    let inMetres = try MeasuredDataReader.parse(text: matchid, path: "m.csv", lengthUnitMetres: 1)
    #expect(inMetres.data.points.count == n)
    for i in 0..<n {
      #expect(close(inMetres.data.points[i].x, points[i].x * 1e-3) && close(inMetres.data.values[3 * i], u[i].x * 1e-3))
    }
    check(try MeasuredDataReader.parse(text: matchid, path: "m.csv", lengthUnitMetres: Self.mm), components: [0, 1, 2], "MatchID")
  }

  /// Mutated exports (bytes cut, separators, quotes, brackets, NaN and newlines inserted,
  /// lines repeated, files truncated) read to data or to an `InputError`, never a crash or
  /// another error: 4 fixtures × 500 seeded mutations.
  @Test func mutatedExportsAreReadOrRefused() throws {
    var rng = SplitMix64(seed: 15)
    let inserts = [";", ",", "\t", "\"", "[", "]", "(", ")", "#", "***", "NaN", "-", "e", "\n", " ", "1,5", "[px]", "[um]"]
    var options = MeasuredDataOptions()
    options.pixelSize = 0.02
    options.planeZ = 0.5
    for name in ["DICe_solution_0.txt", "vic3d_export.csv", "matchid_export.csv", "lab_whitespace.txt"] {
      let original = Array(try measuredFixture(name).text.utf8)
      var read = 0, refused = 0
      for _ in 0..<500 {
        var bytes = original
        for _ in 0..<(1 + Int(rng.next() % 3)) {
          let at = Int(rng.next() % UInt64(max(1, bytes.count)))
          switch rng.next() % 4 {
          case 0: bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(rng.next() % 12)))
          case 1: bytes.insert(contentsOf: Array(inserts[Int(rng.next() % UInt64(inserts.count))].utf8), at: at)
          case 2: bytes = Array(bytes.prefix(at))
          default:
            let line = bytes[at...].prefix { $0 != 10 }
            bytes.insert(contentsOf: Array(line) + [10], at: at)
          }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        do {
          let r = try MeasuredDataReader.parse(text: text, path: name, lengthUnitMetres: Self.mm,
                                               options: rng.next() % 2 == 0 ? options : MeasuredDataOptions())
          #expect(r.data.points.allSatisfy { $0.x.isFinite && $0.y.isFinite && $0.z.isFinite })
          read += 1
        } catch is InputError {
          refused += 1
        }
      }
      #expect(read + refused == 500 && refused > 0, "\(name): \(read) read, \(refused) refused")
    }
  }
}
