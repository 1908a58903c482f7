import LaminateCoupons
import FECommon
import FEKernel
import StressPost
import XCTest

/// `ElementLocator` reports every element that holds a point, whichever bucket cell the
/// point's last bits put it in.
final class ElementLocatorTests: XCTestCase {
  /// On a structured 8 × 4 × 4 hex mesh (one element per bucket cell, so every interior
  /// node lies on the corner of eight cells) an interior node is in exactly the 8 elements
  /// around it, a node on a face in 4, on an edge in 2; and moving the point by one ulp
  /// either way along each axis finds the same elements.
  func testNodesOnCellBoundariesFindEveryElement() throws {
    let spec = CouponSpec(layup: Layup(anglesDegrees: [0, 0]), plyThickness: 0.5, length: 4, width: 2,
                          elementsAlongLength: 8, elementsAcrossWidth: 4, elementsPerPly: 2)
    let locator = ElementLocator(elements: VolumeElements(mesh: try CouponMesher.mesh(spec)))
    for (point, expected) in [(SIMD3(2.0, 1.0, 0.5), 8), (SIMD3(2.0, 0.0, 0.5), 4), (SIMD3(2.0, 0.0, 0.0), 2)] {
      let reference = locator.elements(containing: point).map(\.element)
      XCTAssertEqual(reference.count, expected, "\(point)")
      for axis in 0..<3 {
        for direction in [FloatingPointSign.plus, .minus] {
          var moved = point
          moved[axis] = direction == .plus ? point[axis].nextUp : point[axis].nextDown
          XCTAssertEqual(locator.elements(containing: moved).map(\.element), reference, "\(point) moved along \(axis)")
        }
      }
    }
  }
}
