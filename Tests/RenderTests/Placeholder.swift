import XCTest
@testable import Render

