/// Where something was written, for messages: `models/lenet5.yaml:9:5`,
/// `lessons/02-convolution.md:41:15`.
public struct SourceLocation: Equatable, Codable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location at the start of `line`.
    public init(file: String, line: Int) {
        self.init(file: file, line: line, column: 1)
    }

    public var description: String { "\(file):\(line):\(column)" }
}
