import Foundation

/// A failed build: the step that failed, and every problem it found, each naming its file.
public struct BuildError: Error, CustomStringConvertible {
    /// One of the pipeline's named steps: `parse`, `check`, `render`, `demos`, `write`.
    public var step: String
    /// The problems, one per line, each starting with `file:line:column:` where it has one.
    public var problems: [String]

    public init(step: String, _ problems: [String]) {
        self.step = step
        self.problems = problems
    }

    public var description: String {
        "build failed at step \(step) (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n" + problems.joined(separator: "\n")
    }
}
