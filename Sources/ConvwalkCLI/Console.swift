import ArgumentParser
import Foundation
import NN

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

    /// Runs a command's work; any error (a `BuildError`, a `HandoutError`, a Foundation file
    /// error ...) becomes one line "error: " + the error in words (`ErrorWords`) and exit status 1.
    /// An `ExitCode` the work throws itself passes through.
    static func reportingErrors(_ work: () throws -> Void) throws {
        do {
            try work()
        } catch let code as ExitCode {
            throw code
        } catch {
            err(red("error: ") + ErrorWords.describe(error))
            throw ExitCode.failure
        }
    }
}
