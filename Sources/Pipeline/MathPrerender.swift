import Foundation
import Site

/// Typesets every equation of the site once, at build time, with the same KaTeX the pages
/// would load (`SiteOptions.katexDirectory`), run by Node.js. Pages whose equations are all
/// typeset then ship KaTeX's stylesheet and fonts but not its 270 KB script. Without `node`
/// on PATH, or when it fails, nothing is typeset here and the browser does it as before.
enum MathPrerender {
    /// The script Node runs: argv = katex.js, the equations' JSON file, the output file.
    static let script = """
        const katex = require(process.argv[1]);
        const fs = require("fs");
        const items = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
        const out = items.map(([tex, display]) => katex.renderToString(tex, {displayMode: display, throwOnError: false}));
        fs.writeFileSync(process.argv[3], JSON.stringify(out));
        """

    /// `equations` typeset, or `[:]` (with a log line saying why) when Node is not there or fails.
    static func render(_ equations: [Equation], katexDirectory: URL, log: (String) -> Void) -> [Equation: String] {
        guard !equations.isEmpty else { return [:] }
        guard let node = findNode() else {
            log("math: no node on PATH; \(equations.count) equations are typeset in the browser")
            return [:]
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-math-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let input = work.appendingPathComponent("in.json"), output = work.appendingPathComponent("out.json")
            let items: [[Any]] = equations.map { [$0.tex, $0.display] }
            try JSONSerialization.data(withJSONObject: items).write(to: input)
            let katex = katexDirectory.appendingPathComponent("katex.min.js").path
            let result = try Handout.run(node, ["-e", script, katex, input.path, output.path], timeout: 120)
            guard result.status == 0 else {
                log("math: node failed (exit \(result.status)): \(result.errors.suffix(300)); equations are typeset in the browser")
                return [:]
            }
            guard let html = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String], html.count == equations.count else {
                log("math: node's output is not one string per equation; equations are typeset in the browser")
                return [:]
            }
            return Dictionary(uniqueKeysWithValues: zip(equations, html))
        } catch {
            log("math: \(error); equations are typeset in the browser")
            return [:]
        }
    }

    static func findNode() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["node", "nodejs"] {
            for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }
}
