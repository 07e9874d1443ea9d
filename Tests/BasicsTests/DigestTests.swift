import XCTest
import Basics

final class DigestTests: XCTestCase {
    func testRFCVectors() {
        XCTAssertEqual(Digest.md5([]), "d41d8cd98f00b204e9800998ecf8427e")
        XCTAssertEqual(Digest.md5(Array("abc".utf8)), "900150983cd24fb0d6963f7d28e17f72")
        XCTAssertEqual(Digest.md5(Array(String(repeating: "1234567890", count: 8).utf8)), "57edf4a22be3c955ac49da2e2107b67a")
        XCTAssertEqual(Digest.sha256([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(Digest.sha256(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(Digest.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testBundledFilesMatchTheREADME() throws {
        let data = try XCTUnwrap(repoPath("data"))
        let labels = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(data)/t10k-labels-idx1-ubyte.gz")))
        XCTAssertEqual(Digest.md5(labels), "ec29112dd5afa0611ce80d1b7f02629c")
        XCTAssertEqual(Digest.sha256(labels), "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")
        let train = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(data)/train-5k-labels-idx1-ubyte.gz")))
        XCTAssertEqual(Digest.sha256(train), "c4212cb8cf5b3856dc6a93954d0a71e872869a3ed569561ef5993f6e5a0b3bec")
    }
}
