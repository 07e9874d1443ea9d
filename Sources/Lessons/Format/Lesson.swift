import Basics
import Foundation
import Yams

/// A lesson file: front matter, then Markdown prose with fenced worked examples.
public struct Lesson: Sendable {
    /// The path the lesson was read from, as given (used in every error message).
    public var file: String
    public var frontMatter: FrontMatter
    /// The body in order: prose and examples.
    public var segments: [Segment]
    /// Where each front-matter field's value stands, for errors found after parsing
    /// (a `next:` naming no lesson is reported at its own line and column).
    public var frontMatterLocations: [String: SourceLocation] = [:]

    /// The worked examples, in order.
    public var examples: [ExampleBlock] {
        segments.compactMap { if case .example(let e) = $0 { return e } else { return nil } }
    }
}

/// The YAML block between the opening `---` lines of a lesson.
public struct FrontMatter: Codable, Sendable, Equatable {
    public var title: String
    public var slug: String
    public var order: Int
    public var summary: String
    public var lang: String
    public var prev: String?
    public var next: String?
    /// `lesson` (the default) or `page`: a page (such as "About these lessons") is listed under
    /// "More" on the course's index, has no number and is not in the previous/next chain.
    public var kind: String = "lesson"

    /// The values `kind` accepts.
    public static let kinds = ["lesson", "page"]
}

/// A piece of a lesson body.
public enum Segment: Sendable {
    /// Markdown prose starting at `line`.
    case markdown(String, line: Int)
    /// A fenced ` ```example ` block.
    case example(ExampleBlock)
}

/// The text of one ` ```example ` block and where it stands.
public struct ExampleBlock: Sendable {
    /// The YAML (or JSON) between the fences.
    public var source: String
    /// The file the block is in.
    public var file: String
    /// The line of the first line of `source` (the line after the opening fence).
    public var line: Int
    /// The language of the lesson the block is in (its front matter's `lang`): the words of
    /// the trace's steps follow it.
    public var lang: String
    /// Whether the block may leave out `id` (a one-off example given to `convwalk compute`;
    /// a lesson's examples need one, it becomes part of a link).
    public var idOptional: Bool

    public init(source: String, file: String, line: Int, lang: String = "en", idOptional: Bool = false) {
        self.source = source
        self.file = file
        self.line = line
        self.idOptional = idOptional
        self.lang = lang
    }
}
