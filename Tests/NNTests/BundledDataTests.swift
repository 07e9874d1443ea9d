import Basics
import Foundation
import XCTest

/// The bundled data files are the ones `data/README.md` lists (its MD5 and SHA-256).
final class BundledDataTests: XCTestCase {
    func testBundledFilesMatchTheREADME() throws {
        let data = try XCTUnwrap(repoPath("data"))
        let labels = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(data)/t10k-labels-idx1-ubyte.gz")))
        XCTAssertEqual(Digest.md5(labels), "ec29112dd5afa0611ce80d1b7f02629c")
        XCTAssertEqual(Digest.sha256(labels), "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")
        let train = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(data)/train-5k-labels-idx1-ubyte.gz")))
        XCTAssertEqual(Digest.sha256(train), "c4212cb8cf5b3856dc6a93954d0a71e872869a3ed569561ef5993f6e5a0b3bec")
    }
}
