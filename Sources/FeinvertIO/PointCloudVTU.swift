/// A cloud of points with point data as a VTK XML UnstructuredGrid (`.vtu`, ASCII): each
/// point its own `VTK_VERTEX` cell (type 1), so ParaView and meshio show the values at
/// the points (`feinvert design`'s sensitivity maps over an observed face).
public enum PointCloudVTU {
  /// - Parameters:
  ///   - points: the points (model length unit).
  ///   - pointData: fields of one value (or `components` values) per point, as `VTUField`.
  /// A field whose size does not match is a precondition failure.
  public static func encode(points: [SIMD3<Double>], pointData: [VTUField]) -> String {
    let n = points.count
    for f in pointData {
      precondition(f.values.count == f.components * n, "PointCloudVTU: point field \(f.name) needs components * points values")
    }
    func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "nan" }
    var s = """
      <?xml version="1.0"?>
      <VTKFile type="UnstructuredGrid" version="1.0" byte_order="LittleEndian" header_type="UInt64">
        <UnstructuredGrid>
          <Piece NumberOfPoints="\(n)" NumberOfCells="\(n)">
            <PointData>

      """
    for f in pointData {
      let type = f.isInteger ? "Int64" : "Float64"
      var names = ""
      if let c = f.componentNames {
        names = c.enumerated().map { " ComponentName\($0)=\"\(VTUWriter.xmlEscaped($1))\"" }.joined()
      }
      s += "        <DataArray type=\"\(type)\" Name=\"\(VTUWriter.xmlEscaped(f.name))\" NumberOfComponents=\"\(f.components)\"\(names) format=\"ascii\">\n"
      s += "          " + f.values.map { f.isInteger ? "\(Int($0))" : number($0) }.joined(separator: " ") + "\n"
      s += "        </DataArray>\n"
    }
    s += "      </PointData>\n      <Points>\n        <DataArray type=\"Float64\" NumberOfComponents=\"3\" format=\"ascii\">\n"
    s += "          " + points.map { "\(number($0.x)) \(number($0.y)) \(number($0.z))" }.joined(separator: " ") + "\n"
    s += "        </DataArray>\n      </Points>\n      <Cells>\n"
    s += "        <DataArray type=\"Int64\" Name=\"connectivity\" format=\"ascii\">\n          "
      + (0..<n).map(String.init).joined(separator: " ") + "\n        </DataArray>\n"
    s += "        <DataArray type=\"Int64\" Name=\"offsets\" format=\"ascii\">\n          "
      + (0..<n).map { String($0 + 1) }.joined(separator: " ") + "\n        </DataArray>\n"
    s += "        <DataArray type=\"UInt8\" Name=\"types\" format=\"ascii\">\n          "
      + [String](repeating: "1", count: n).joined(separator: " ") + "\n        </DataArray>\n"
    s += "      </Cells>\n    </Piece>\n  </UnstructuredGrid>\n</VTKFile>\n"
    return s
  }
}
