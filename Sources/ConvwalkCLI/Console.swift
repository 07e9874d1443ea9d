import Foundation

/// The one place the CLI writes to the terminal. Knows whether standard output and standard
/// error are terminals, and colours only then.
struct Console {
    static let isTerminal = isatty(STDOUT_FILENO) == 1
    static let errorIsTerminal = isatty(STDERR_FILENO) == 1

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func red(_ s: String) -> String { isTerminal ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    static func green(_ s: String) -> String { isTerminal ? "\u{1B}[32m\(s)\u{1B}[0m" : s }
    static func yellow(_ s: String) -> String { isTerminal ? "\u{1B}[33m\(s)\u{1B}[0m" : s }
}
