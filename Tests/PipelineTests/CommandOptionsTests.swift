import XCTest
@testable import ConvwalkCLI

/// `serve` takes every option of `build` (one `SiteOptions` group), so a preview builds what
/// `build` would.
final class CommandOptionsTests: XCTestCase {
    static let buildArguments = ["--lessons", "course", "-o", "site", "--allow-raw-html", "--model", "my.yaml", "--model", "lenet5",
                                 "--runs", "r", "--demo-epochs", "2", "--demo-limit", "300", "--demo-test-limit", "50",
                                 "--data", "fashion", "--retrain"]

    func testServeAcceptsEveryBuildOption() throws {
        let build = try Build.parse(Self.buildArguments).site.buildOptions
        let serve = try Serve.parse(Self.buildArguments + ["--port", "0"])
        XCTAssertEqual(serve.port, 0)
        for options in [build, serve.site.buildOptions] {
            XCTAssertEqual(options.lessons, "course")
            XCTAssertEqual(options.output, "site")
            XCTAssertTrue(options.allowRawHTML)
            let demos = try XCTUnwrap(options.demos)
            XCTAssertEqual(demos.models, ["my.yaml", "lenet5"])
            XCTAssertEqual([demos.epochs, demos.limit, demos.testLimit], [2, 300, 50])
            XCTAssertEqual(demos.runs, "r")
            XCTAssertEqual(demos.data, "fashion")
            XCTAssertTrue(demos.retrain)
        }
    }

    func testSharedValidationAppliesToServe() {
        XCTAssertThrowsError(try Serve.parse(["--demo-epochs", "0"]))
        XCTAssertThrowsError(try Serve.parse(["--port", "70000"]))
        XCTAssertNil(try Serve.parse(["--no-demos"]).site.buildOptions.demos)
    }
}
