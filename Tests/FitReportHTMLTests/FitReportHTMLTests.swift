import FECommon
import FeinvertFiles
import Foundation
import Testing

@testable import FitReportHTML

@Suite struct ResidualStatisticsTests {
  /// Reference quantiles from the inverse of Φ(x) = ½ erfc(−x/√2) (R's qnorm, 16 digits).
  @Test(arguments: [
    (0.975, 1.959963984540054), (0.5, 0.0), (0.841344746068543, 1.0), (1e-10, -6.361340902404056),
    (0.999, 3.090232306167813), (0.02, -2.053748910631823),
  ])
  func normalQuantileMatchesReference(p: Double, x: Double) {
    // Acklam + one Halley step: near machine precision; 1e-12 absolute leaves room for erfc.
    #expect(abs(ResidualStatistics.normalQuantile(p) - x) <= 1e-12 * max(1, abs(x)))
  }

  @Test func normalQuantileInvertsTheCDF() {
    // Independent truth: Φ from erfc; the round trip holds to 1e-13 relative in p.
    for k in 1..<1000 {
      let p = Double(k) / 1000
      let x = ResidualStatistics.normalQuantile(p)
      let back = 0.5 * erfc(-x / 2.0.squareRoot())
      #expect(abs(back - p) <= 1e-13 * max(p, 1e-3))
    }
  }

  @Test func histogramCountsEveryValueAndClampsTheTails() {
    let xs = [-10.0, -1.5, -0.5, 0.0, 0.4, 0.6, 2.9, 11.0]
    let h = ResidualStatistics.histogram(xs, lo: -3, hi: 3, bins: 6)
    #expect(h.counts.reduce(0, +) == xs.count)
    #expect(h.counts == [1, 1, 1, 3, 0, 2])  // -10 | -1.5 | -0.5 | 0, 0.4, 0.6 | — | 2.9, 11
    #expect(h.centres == [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])
  }

  @Test func qqKeepsTheExtremesWhenDecimating() {
    var rng = SystemRandomNumberGenerator()
    let xs = (0..<10_000).map { _ in Double.random(in: -5...5, using: &rng) }
    let qq = ResidualStatistics.qq(xs, maxPoints: 101)
    #expect(qq.sample.count == 101)
    #expect(qq.sample.first == xs.min() && qq.sample.last == xs.max())
    #expect(zip(qq.sample, qq.sample.dropFirst()).allSatisfy { $0 <= $1 })
    #expect(zip(qq.theoretical, qq.theoretical.dropFirst()).allSatisfy { $0 < $1 })
  }

  @Test func profileAveragesEachSlice() {
    let x = [0.0, 0.1, 0.9, 1.0, 1.9, 2.0]
    let v = [1.0, 3.0, 5.0, 7.0, 9.0, 11.0]
    let p = ResidualStatistics.profile(coordinate: x, values: v, bins: 2)
    // Slices [0, 1) and [1, 2]: brute-force means.
    #expect(p.means == [3.0, 9.0])
    #expect(p.counts == [3, 3])
  }

  @Test func gridLinesAreTheirOwnSlices() {
    // Three lines of points (x = 0, 1, 2, with round-off): one slice each, never mixed.
    let x = [0.0, 1e-13, 1.0, 1.0 + 1e-13, 1.0, 2.0]
    let v = [1.0, 3.0, 2.0, 4.0, 6.0, 5.0]
    let p = ResidualStatistics.profile(coordinate: x, values: v, bins: 100)
    #expect(p.counts == [2, 3, 1])
    #expect(p.means == [2.0, 4.0, 5.0])
  }
}

@Suite struct FaceGridTests {
  @Test func aTensorGridIsDrawnPointForPoint() {
    // Points on the face y = 10 (x by z): the normal is y, nothing is averaged.
    var points = [SIMD3<Double>]()
    for j in 0..<4 { for i in 0..<5 { points.append(SIMD3(Double(i) * 0.5, 10, Double(j) * 0.25)) } }
    points.shuffle()
    let grid = FaceGrid(points: points, maxCells: 1000)
    #expect(grid.axes == (0, 2))
    #expect(grid.exact && grid.u.count == 5 && grid.v.count == 4)
    let means = grid.means(values: points.map { $0.x * 100 + $0.z }, points: Array(points.indices))
    for (k, p) in points.enumerated() {
      #expect(means[grid.cell[k]] == p.x * 100 + p.z)
    }
  }

  @Test func missingGridColumnsBecomeEmptyCells() {
    // A 10 x 3 grid with columns 4...6 masked across the whole face: the lattice keeps 10
    // columns, so columns 3 and 7 are not drawn as neighbours.
    var points = [SIMD3<Double>]()
    for j in 0..<3 { for i in 0..<10 where !(4...6).contains(i) { points.append(SIMD3(0.4 * Double(i), 0, 0.1 * Double(j))) } }
    let grid = FaceGrid(points: points, maxCells: 1000)
    #expect(grid.exact && grid.u.count == 10 && grid.v.count == 3)
    let cells = grid.means(values: points.map(\.x), points: Array(points.indices))
    #expect(cells.filter(\.isNaN).count == 9)
    #expect(abs(grid.u[5] - 2.0) < 1e-12)
  }

  @Test func scatteredPointsAreAveragedIntoAtMostMaxCells() {
    var rng = SplitMix64(seed: 7)
    let points = (0..<5000).map { _ in
      SIMD3(Double(rng.next() % 100_000) / 5000, Double(rng.next() % 100_000) / 10_000, 0.125)
    }
    let grid = FaceGrid(points: points, maxCells: 400)
    #expect(!grid.exact)
    #expect(grid.cellCount <= 400 && grid.cellCount >= 300)
    #expect(grid.axes == (0, 1))
    let values = points.map { $0.x }
    let means = grid.means(values: values, points: Array(points.indices))
    // Brute force: the mean of the x of the points in each cell.
    var sums = [Int: (Double, Int)]()
    for (k, c) in grid.cell.enumerated() { sums[c, default: (0, 0)].0 += values[k]; sums[c, default: (0, 0)].1 += 1 }
    for (c, (s, n)) in sums { #expect(abs(means[c] - s / Double(n)) <= 1e-12 * abs(s / Double(n))) }
    #expect(grid.description(pointCount: points.count).contains("decimated"))
  }
}

@Suite struct InputFileTests {
  @Test func residualsWithABadNumberNameTheLine() throws {
    let text = "point,x,y,z,component,measured,predicted,residual,weighted_residual\n1,0,0,0,ux,1,1,0,0\n2,1,0,0,ux,abc,1,0,0\n"
    #expect {
      try ResidualTable.parse(Array(text.utf8), path: "r.csv")
    } throws: { ($0 as? InputError)?.description.hasPrefix("r.csv:3: found measured = 'abc'") == true }
  }

  @Test func residualsWithoutAColumnNameIt() throws {
    let text = "point,x,y,z,component,measured,residual,weighted_residual\n"
    #expect {
      try ResidualTable.parse(Array(text.utf8), path: "r.csv")
    } throws: { ($0 as? InputError)?.description == "r.csv:1: header lacks column predicted; expected point,x,y,z,component,measured,predicted,residual,weighted_residual" }
  }

  @Test func residualsGroupComponentsByPoint() throws {
    let text = "point,x,y,z,component,measured,predicted,residual,weighted_residual\n1,0,0,0,ux,1,1,0,0\n1,0,0,0,uz,2,2,0,0\n2,1,0,0,uz,3,3,0,0\n"
    let t = try ResidualTable.parse(Array(text.utf8), path: "r.csv")
    #expect(t.points.count == 2 && t.point == [0, 0, 1] && t.component == [0, 2, 2] && t.components == [0, 2])
  }

  /// Load cases / several faces: points are numbered per data set, so point 1 of two sets
  /// is two points; each set's subset is a face of its own, its points renumbered.
  @Test func residualsSplitByDataSet() throws {
    let text = """
      data_set,point,x,y,z,component,measured,predicted,residual,weighted_residual
      tension,1,0,0,1,ux,1,1.5,0.5,5
      tension,2,1,0,1,ux,2,2,0,0
      bending/top,1,0,0,2,uz,3,3,0,0
      bending/top,1,0,0,2,ux,4,4,0,0

      """
    let t = try ResidualTable.parse(Array(text.utf8), path: "r.csv")
    #expect(t.dataSetNames == ["tension", "bending/top"])
    #expect(t.points.count == 3 && t.point == [0, 1, 2, 2] && t.pointDataSet == [0, 0, 1])
    let bending = t.dataSet(1)
    #expect(bending.points == [SIMD3(0, 0, 2)] && bending.point == [0, 0] && bending.component == [2, 0])
    #expect(bending.measured == [3, 4] && t.dataSet(0).weighted == [5, 0])
  }

  @Test func aFitReportWithoutParametersNamesTheKey() throws {
    #expect {
      try FitReportFile.parse(text: "{\"converged\": true}", path: "fit.json")
    } throws: { ($0 as? InputError)?.description == "fit.json: key parameters is missing or of the wrong type; expected an array of parameters" }
    #expect {
      try FitReportFile.parse(text: "{\"parameters\": [{\"name\": \"E2\", \"initial\": \"x\"}]}", path: "fit.json")
    } throws: { ($0 as? InputError)?.description.contains("key parameters[0].initial") == true }
    #expect(throws: InputError.self) { try FitReportFile.parse(text: "not json", path: "fit.json") }
  }
}

@Suite struct PageTests {
  static let fitJSON = """
    {"converged": false, "iterations": 3, "objective": 12.5, "rms_residual": 0.001, "n_observations": 8,
     "parameters": [
       {"name": "M.E2", "initial": 9000, "estimate": 11402.512345678, "std_error": 85.1, "ci95": [11235.7, 11569.3], "bounds": [3000, 30000], "at_bound": false, "unit": "MPa"},
       {"name": "M.nu12", "initial": 0.3, "estimate": 0.49, "std_error": null, "ci95": null, "bounds": [0.05, 0.49], "at_bound": true, "unit": "1"}],
     "correlation": [[1, -0.5], [-0.5, 1]], "condition_number": 4.2, "singular_values": [1.3, 0.2],
     "singular_vectors": [[0.8, 0.6], [-0.6, 0.8]],
     "history": [{"run": 1, "iteration": 1, "objective": 20, "step": 0.5, "damping": 0.001, "accepted": true},
                 {"run": 1, "iteration": 2, "objective": 12.5, "step": 0.1, "damping": 0.0001, "accepted": true}],
     "noise": {"known": true, "variance_factor": 1},
     "goodness_of_fit": {"chi2": 25, "degrees_of_freedom": 6, "reduced_chi2": 4.2, "consistent_with_noise": false, "note": "<b>too large</b>"},
     "warnings": ["a </script> warning"], "units": {"length": "mm", "stress": "MPa"}}
    """

  static func residuals() -> String {
    var s = "point,x,y,z,component,measured,predicted,residual,weighted_residual\n"
    var k = 1
    for j in 0..<2 {
      for i in 0..<2 {
        s += "\(k),\(i),10,\(j),ux,\(0.01 * Double(k)),\(0.011 * Double(k)),0.001,\(0.5 * Double(k))\n"
        if k != 4 { s += "\(k),\(i),10,\(j),uz,0.002,0.002,0,\(-0.25 * Double(k))\n" }
        k += 1
      }
    }
    return s
  }

  @Test func thePageHoldsTheTablesTheFiguresAndTheAlarms() throws {
    let fit = try FitReportFile.parse(text: Self.fitJSON, path: "fit.json")
    let residuals = try ResidualTable.parse(Array(Self.residuals().utf8), path: "r.csv")
    // 10 lines/mm: at most 0.22 fringes between neighbouring cells, so every fringe image is drawn.
    let page = try FitReportPage.build(fit: fit, residuals: residuals, stresses: nil, gratingFrequency: 10,
                                       maxCellsPerMap: 1000, title: "fit.json")
    let html = page.html(library: "window.Plotly = {};")
    // Alarms for a fit that did not converge and a model that does not explain the data.
    #expect(html.contains("NOT CONVERGED"))
    #expect(html.contains("THE MODEL DOES NOT EXPLAIN THE DATA"))
    // User text is escaped in the HTML and cannot close the figures' script element.
    #expect(html.contains("&lt;b&gt;too large&lt;/b&gt;"))
    #expect(html.contains("a &lt;/script&gt; warning"))
    // The exact values ride along the shown ones.
    #expect(html.contains("data-value=\"11402.512345678\""))
    #expect(html.contains(">11402.5<"))
    #expect(html.contains("M.nu12 is at a bound"))
    // Every figure: correlation, identifiability, history, 3 maps and 2 fringe images for
    // ux and uz, histogram, QQ, two axis profiles.
    for id in ["correlation", "identifiability", "history", "map-ux-measured", "map-uz-residual", "fringes-uz-predicted",
               "residual-histogram", "residual-qq", "residual-profile-x", "residual-profile-z"] {
      #expect(html.contains("id=\"\(id)\""), "figure \(id)")
    }
    #expect(page.figureCount == 17)
    #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
    // Point 4 has uz masked: the uz maps carry the grey mask layer.
    #expect(html.contains("1 point(s) have uz masked"))
    let figures = try #require(html.range(of: "id=\"feinvert-figures\">"))
    let json = html[figures.upperBound...].prefix { $0 != "<" }
    #expect(!json.isEmpty && !json.contains("</"))
  }

  @Test func aliasedFringesAreNotDrawn() throws {
    // At 10 lines/mm the page draws the fringes (above); at 240,000 lines/mm ux changes by
    // 0.01·2.4e5 ≫ ½ fringe between neighbouring cells.
    let fit = try FitReportFile.parse(text: Self.fitJSON, path: "fit.json")
    let residuals = try ResidualTable.parse(Array(Self.residuals().utf8), path: "r.csv")
    let coarse = try FitReportPage.build(fit: fit, residuals: residuals, stresses: nil, gratingFrequency: 240_000,
                                         maxCellsPerMap: 1000, title: "fit.json").html(library: "")
    #expect(!coarse.contains("id=\"fringes-ux-measured\""))
    #expect(coarse.contains("Moiré fringe images of ux not drawn"))
    let grid = FaceGrid(points: [SIMD3(0, 0, 0), SIMD3(1, 0, 0)], maxCells: 10)
    #expect(FitReportPage.largestFringeStep(grid, [[0.001, 0.003]], frequency: 100) == 0.2)
  }

  @Test func chartNumbersAreRoundedAndGapsAreNull() {
    let v = ChartJSON.object([("z", .numbers([1.23456789, .nan, -0.000123456], digits: 4)), ("s", .string("</script>"))])
    #expect(v.encoded == "{\"z\":[1.235,null,-0.0001235],\"s\":\"\\u003c/script>\"}")
  }
}
