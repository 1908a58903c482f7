import LaminateCoupons
import FECommon
import FEKernel
import Testing

@Suite struct LayupTests {
  static let cli = SourceLocation(file: "--layup")

  @Test(arguments: [
    ("[0/90]", [0.0, 90]),
    ("[0/90]3", [0.0, 90, 0, 90, 0, 90]),
    ("[45/-45]s", [45.0, -45, -45, 45]),
    ("[45/-45]S", [45.0, -45, -45, 45]),
    ("[0/90]2s", [0.0, 90, 0, 90, 90, 0, 90, 0]),
    ("[0/90]_2s", [0.0, 90, 0, 90, 90, 0, 90, 0]),
    ("[0/45/-45/90]s", [0.0, 45, -45, 90, 90, -45, 45, 0]),
    ("[0_2/90]s", [0.0, 0, 90, 90, 0, 0]),
    ("[±45]s", [45.0, -45, -45, 45]),
    ("[+-45]s", [45.0, -45, -45, 45]),
    ("[∓30/0]", [-30.0, 30, 0]),
    ("[-+30]", [-30.0, 30]),
    ("  [ 0 / 90 ] s  ", [0.0, 90, 90, 0]),
    ("[0/90] 2 s", [0.0, 90, 0, 90, 90, 0, 90, 0]),
    ("[0,90]", [0.0, 90]),
    ("[22.5/\u{2212}22.5]", [22.5, -22.5]),
    ("[+45]", [45.0]),
    ("[0]", [0.0]),
    ("[(0/90)2/45]s", [0.0, 90, 0, 90, 45, 45, 90, 0, 90, 0]),
    ("[(±45)2/0]", [45.0, -45, 45, -45, 0]),
    ("[( 0 / 90 )_2]", [0.0, 90, 0, 90]),
    ("[((0/90)2/45)2]", [0.0, 90, 0, 90, 45, 0, 90, 0, 90, 45]),
    ("[(0_2/90)]2", [0.0, 0, 90, 0, 0, 90]),
    ("[0/90/0]T", [0.0, 90, 0]),
    ("[0/90/0] t", [0.0, 90, 0]),
  ])
  func parses(text: String, angles: [Double]) throws {
    let layup = try Layup.parse(text, source: Self.cli)
    #expect(layup.anglesDegrees == angles)
    #expect(layup.plyCount == angles.count)
  }

  @Test func describesEveryPlyBottomUp() throws {
    #expect(try Layup.parse("[45/-45]s", source: Self.cli).description == "[45/-45/-45/45]")
    #expect(Layup(anglesDegrees: [22.5, 0]).description == "[22.5/0]")
  }

  @Test(arguments: [
    ("[45/-45", #"--layup: "[45/-45" has no closing bracket; expected a layup such as "[45/-45]s""#),
    ("", #"--layup: "" is empty; expected a layup such as "[45/-45]s""#),
    ("   ", #"--layup: "   " is empty; expected a layup such as "[45/-45]s""#),
    ("45/-45]s", #"--layup: "45/-45]s" does not start with "["; expected a layup such as "[45/-45]s""#),
    ("[0//90]s", #"--layup: "[0//90]s": ply 2 is empty; expected angles separated by "/", such as "[0/90]s""#),
    ("[]", #"--layup: "[]": ply 1 is empty; expected angles separated by "/", such as "[0/90]s""#),
    (
      "[0/abc]s",
      #"--layup: "[0/abc]s": ply 2 "abc" is not an angle; expected a number of degrees such as 45, -45, ±45 or 0_2"#
    ),
    (
      "[0/nan]",
      #"--layup: "[0/nan]": ply 2 "nan" is not an angle; expected a number of degrees such as 45, -45, ±45 or 0_2"#
    ),
    (
      "[0 90]",
      #"--layup: "[0 90]": ply 1 "0 90" is not an angle; expected a number of degrees such as 45, -45, ±45 or 0_2"#
    ),
    (
      "[0_x/90]",
      #"--layup: "[0_x/90]": ply 1 "0_x" has repeat "x"; expected a whole number from 1 to 1000 after "_""#
    ),
    (
      "[0_0/90]",
      #"--layup: "[0_0/90]": ply 1 "0_0" has repeat "0"; expected a whole number from 1 to 1000 after "_""#
    ),
    (
      "[±45_2]",
      #"--layup: "[±45_2]": ply 1 "±45_2" combines a ± pair with a repeat; expected the pair alone, such as "±45", or the plies written out, such as "45/-45/45/-45""#
    ),
    (
      "[0/90]x",
      #"--layup: "[0/90]x": "x" after "]" is not a repeat count or "s"; expected nothing, a count, "s", a count then "s" (as in "[0/90]2s"), or "T""#
    ),
    (
      "[0/90]s2",
      #"--layup: "[0/90]s2": "s2" after "]" is not a repeat count or "s"; expected nothing, a count, "s", a count then "s" (as in "[0/90]2s"), or "T""#
    ),
    (
      "[0/90]0",
      #"--layup: "[0/90]0": repeat count 0 is out of range; expected a whole number from 1 to 1000"#
    ),
    ("[0_1000/90_1000]1000s", #"--layup: "[0_1000/90_1000]1000s" makes 4000000 plies; expected at most 10000"#),
    ("[(0/90)2/abc]", #"--layup: "[(0/90)2/abc]": ply 3 "abc" is not an angle; expected a number of degrees such as 45, -45, ±45 or 0_2"#),
    ("[(0/90/45]s", #"--layup: "[(0/90/45]s": a group "(" is not closed; expected ")" after its plies, as in "[(0/90)2]s""#),
    ("[0/90)2]", #"--layup: "[0/90)2]": found ")" without a matching "("; expected groups such as "(0/90)2""#),
    ("[(0/90)0]", #"--layup: "[(0/90)0]": group repeat count 0 is out of range; expected a whole number from 1 to 1000"#),
    ("[()2]", #"--layup: "[()2]": ply 1 is empty; expected angles separated by "/", such as "[0/90]s""#),
    // Nested counts multiply: refused before anything is written out.
    ("[((((0)1000)1000)1000)1000]", #"--layup: "[((((0)1000)1000)1000)1000]" makes more than 10000 plies; expected at most 10000"#),
    ("[" + String(repeating: "(", count: 11) + "0" + String(repeating: ")", count: 11) + "]",
     #"--layup: "[(((((((((((0)))))))))))]": groups nest deeper than 10; expected at most 10 levels of parentheses"#),
    ("[0/90]Ts", #"--layup: "[0/90]Ts": "Ts" after "]" is not a repeat count or "s"; expected nothing, a count, "s", a count then "s" (as in "[0/90]2s"), or "T""#),
  ])
  func rejects(text: String, message: String) {
    do {
      _ = try Layup.parse(text, source: Self.cli)
      Issue.record("expected \(text) to be rejected")
    } catch let error as InputError {
      #expect(error.description == message)
      #expect(error.exitCode == 2)
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func errorCarriesTheCallersLocation() {
    let source = SourceLocation(file: "coupon.toml", key: "coupon.layup")
    #expect(throws: InputError(#""[0/90" has no closing bracket; expected a layup such as "[45/-45]s""#, at: source)) {
      try Layup.parse("[0/90", source: source)
    }
  }
}
