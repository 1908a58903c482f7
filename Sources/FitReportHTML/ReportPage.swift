import FECommon
import Foundation

/// One self-contained HTML page: headings, text, tables and charts, with the charting
/// library inlined so that the page opens offline and makes no network request.
///
/// The charts are plotly.js figures (`data` and `layout`, see https://plotly.com/javascript/reference/),
/// written as JSON into one `<script type="application/json" id="feinvert-figures">`
/// element; the page's only own script hands each to `Plotly.newPlot` and, when all have
/// rendered, sets `document.body.dataset.rendered = "done"` (the browser test waits for
/// it). Each figure records `marks`, the number of marks (points, bars, heat-map cells)
/// its traces hold, which the browser test compares with what plotly.js drew.
///
/// The page's Content-Security-Policy allows no fetch of any kind (`default-src 'none'`):
/// scripts and styles only inline, images only `data:`/`blob:` (plotly.js draws heat maps
/// into a data-URL image). A request the page tried would be refused and reported on the
/// browser's console, which the browser test treats as a failure.
package struct ReportPage: Sendable {
  package var title: String
  private var body = ""
  private var figures = [ChartJSON]()
  private var figureIDs = Set<String>()

  package init(title: String) { self.title = title }

  /// The number of figures added so far.
  package var figureCount: Int { figures.count }

  package mutating func heading(_ text: String, level: Int = 2, id: String? = nil) {
    let anchor = id.map { " id=\"\(Self.escape($0))\"" } ?? ""
    body += "<h\(level)\(anchor)>\(Self.escape(text))</h\(level)>\n"
  }

  /// A paragraph of plain text (escaped).
  package mutating func paragraph(_ text: String, cssClass: String? = nil) {
    let c = cssClass.map { " class=\"\($0)\"" } ?? ""
    body += "<p\(c)>\(Self.escape(text))</p>\n"
  }

  /// A list of plain-text items; `cssClass` "warning" shows them as warnings.
  package mutating func list(_ items: [String], cssClass: String? = nil) {
    guard !items.isEmpty else { return }
    let c = cssClass.map { " class=\"\($0)\"" } ?? ""
    body += "<ul\(c)>" + items.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>\n"
  }

  /// A banner: `ok` (green), `warning` (amber) or `alarm` (red).
  package mutating func banner(_ text: String, kind: String) {
    body += "<div class=\"banner \(kind)\">\(Self.escape(text))</div>\n"
  }

  /// A table cell: its text, and optionally the exact number it shows (`data-value`).
  package struct Cell: Sendable {
    package var text: String
    package var value: Double?
    package var cssClass: String?
    package init(_ text: String, value: Double? = nil, cssClass: String? = nil) {
      self.text = text
      self.value = value
      self.cssClass = cssClass
    }
    /// A number shown to `digits` significant digits, with its exact value attached.
    package static func number(_ x: Double?, digits: Int = 6) -> Cell {
      guard let x else { return Cell("—") }
      return Cell(ReportPage.format(x, digits: digits), value: x)
    }
  }

  /// A table; `id` names it for tests, `rowKeys` (one per row) become `data-key` attributes.
  package mutating func table(id: String? = nil, header: [String], rows: [[Cell]], rowKeys: [String]? = nil) {
    let anchor = id.map { " id=\"\(Self.escape($0))\"" } ?? ""
    body += "<table\(anchor)><thead><tr>" + header.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
    for (r, row) in rows.enumerated() {
      let key = rowKeys.map { " data-key=\"\(Self.escape($0[r]))\"" } ?? ""
      body += "<tr\(key)>"
      for (k, cell) in row.enumerated() {
        var attributes = " data-column=\"\(Self.escape(k < header.count ? header[k] : ""))\""
        if let v = cell.value, v.isFinite { attributes += " data-value=\"\(v)\"" }
        if let c = cell.cssClass { attributes += " class=\"\(c)\"" }
        body += "<td\(attributes)>\(Self.escape(cell.text))</td>"
      }
      body += "</tr>\n"
    }
    body += "</tbody></table>\n"
  }

  /// A plotly.js figure.
  ///
  /// - Parameters:
  ///   - id: the element id (unique in the page; a precondition failure occurs otherwise).
  ///   - data: the traces.
  ///   - layout: the layout (title, axes); a height in pixels is added.
  ///   - marks: how many marks the traces hold (points, bars, cells), for the browser test.
  ///   - caption: a plain-text caption under the chart (what it shows, any decimation).
  package mutating func figure(
    id: String, data: [ChartJSON], layout: [(String, ChartJSON)], marks: Int, caption: String, height: Int = 420,
    width: Int? = nil
  ) {
    precondition(!figureIDs.contains(id), "figure id \(id) used twice")
    figureIDs.insert(id)
    var fullLayout = layout
    fullLayout.append(("height", .number(Double(height))))
    if let width { fullLayout.append(("width", .number(Double(width)))) }
    fullLayout.append(("margin", .object([("l", .number(70)), ("r", .number(30)), ("t", .number(50)), ("b", .number(50))])))
    figures.append(.object([
      ("id", .string(id)), ("data", .array(data)), ("layout", .object(fullLayout)), ("marks", .number(Double(marks))),
    ]))
    let style = width.map { "width:\($0)px;" } ?? ""
    body += "<figure><div class=\"chart\" id=\"\(Self.escape(id))\" style=\"\(style)height:\(height)px\"></div>"
      + "<figcaption>\(Self.escape(caption))</figcaption></figure>\n"
  }

  /// Opens a row of side-by-side figures; close it with `endRow`.
  package mutating func beginRow() { body += "<div class=\"row\">\n" }
  package mutating func endRow() { body += "</div>\n" }

  /// Raw HTML from this module's own builders (never user text).
  mutating func raw(_ html: String) { body += html }

  /// The whole page, with `library` (plotly.min.js's text) inlined.
  package func html(library: String) -> String {
    var figuresJSON = ""
    ChartJSON.array(figures).encode(into: &figuresJSON)
    // The library's text may contain "</script" inside strings; split it so the HTML
    // parser does not end the element there (JavaScript reads "<\/script" the same).
    let script = library.replacingOccurrences(of: "</script", with: "<\\/script")
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(Self.escape(title))</title>
      <style>
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5em auto; max-width: 1280px; padding: 0 1em; color: #222; }
      h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 1.6em; } h3 { margin-top: 1.2em; }
      table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
      th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; } th { background: #f3f3f3; }
      td:first-child, th:first-child { text-align: left; }
      .banner { padding: 0.6em 0.9em; margin: 0.5em 0; border-radius: 4px; font-weight: 600; }
      .banner.ok { background: #e3f4e3; border: 1px solid #6a6; } .banner.warning { background: #fff4d6; border: 1px solid #d9a400; }
      .banner.alarm { background: #fde2e2; border: 2px solid #c33; color: #811; }
      ul.warning li { color: #8a5a00; } .muted { color: #666; font-size: 0.9em; } td.flag { color: #b00; font-weight: 600; }
      figure { margin: 0.8em 0; } figcaption { color: #555; font-size: 0.88em; margin-top: 0.2em; }
      .row { display: flex; flex-wrap: wrap; gap: 1em; } .row figure { flex: 1 1 380px; min-width: 340px; }
      .chart { width: 100%; }
      code { background: #f5f5f5; padding: 0 0.2em; }
      </style>
      <script>
      \(script)
      </script>
      </head>
      <body>
      \(body)
      <script type="application/json" id="feinvert-figures">\(figuresJSON)</script>
      <script>
      (function () {
        var specs = JSON.parse(document.getElementById("feinvert-figures").textContent);
        var pending = specs.length;
        function finished() { pending -= 1; if (pending <= 0) { document.body.dataset.rendered = "done"; } }
        if (pending === 0) { document.body.dataset.rendered = "done"; }
        specs.forEach(function (f) {
          Plotly.newPlot(f.id, f.data, f.layout, { displaylogo: false, responsive: true })
            .then(finished, function (e) { console.error("figure " + f.id + ": " + e); finished(); });
        });
      })();
      </script>
      </body>
      </html>

      """
  }

  /// Text with `& < > "` escaped for HTML.
  package static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(ch)
      }
    }
    return out
  }

  /// `x` to `digits` significant digits (`%g`).
  package static func format(_ x: Double, digits: Int = 6) -> String {
    x.isFinite ? String(format: "%.\(digits)g", x) : (x.isNaN ? "—" : (x > 0 ? "∞" : "−∞"))
  }
}
