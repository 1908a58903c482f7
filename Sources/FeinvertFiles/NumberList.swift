/// A comma-separated list of numbers in an option or a metadata value ("0,1,2.5"),
/// read by the same number rule as the CSV cells (`DecimalNumber`: finite
/// decimals only, no `nan`, `inf` or hexadecimal); what a value must satisfy and the
/// message are the caller's.
package enum NumberList {
  /// Each comma-separated cell, trimmed, with its value or nil when it is not a number.
  package static func cells(_ text: String) -> [(cell: String, value: Double?)] {
    text.split(separator: ",", omittingEmptySubsequences: false).map {
      let cell = $0.trimmingCharacters(in: .whitespaces)
      return (cell, DecimalNumber.parse(cell))
    }
  }
}
