import Basics
import Foundation

/// An error in a lesson, for its author: where it is, which example, what was found and
/// what was expected. Formatted as `lessons/02-conv.md:41:3: conv-3x3: cell [1,0] expected 11, computed 10`.
public struct LessonError: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    /// The example's `id`, when the error belongs to one.
    public var exampleID: String?
    public var message: String

    public init(_ location: SourceLocation, example: String? = nil, _ message: String) {
        self.location = location
        self.exampleID = example
        self.message = message
    }

    public var description: String {
        if let id = exampleID, !id.isEmpty { return "\(location): \(id): \(message)" }
        return "\(location): \(message)"
    }
}

/// Several lesson errors at once: the checker reports all of them, not just the first.
public struct LessonErrors: Error, CustomStringConvertible {
    public var errors: [LessonError]
    public init(_ errors: [LessonError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
