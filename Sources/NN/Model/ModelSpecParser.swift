import Basics
import Foundation
import KernelCore
import Yams

/// Turns YAML into a `ModelSpec`, keeping each layer's file:line for later messages.
///
/// The layers are read by KernelCore's `ArchLayerReader`, the page's reader too, with a Yams
/// node as its `ArchNode`: this project's style (`- {conv: {filters: 6, kernel: 5}}`, `- relu`)
/// or the lecture notes' shorthand (`- [conv, {ksize: 5, chn: 6}]`), one style per file.
struct ModelSpecParser {
    typealias Reader = ArchLayerReader<Node>
    let file: String

    func parse(_ text: String) throws -> ModelSpec {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw ModelSpecError(at(nil), "the model file is empty") }
            root = node
        } catch let error as YamlError {
            throw yamlError(error)
        }
        guard let top = root.mapping else { throw ModelSpecError(at(root), "expected a mapping with name, input and layers") }
        var name: String?, input: [Int]?, layersNode: Node?, classes = 10
        for (keyNode, value) in top {
            switch keyNode.string ?? "" {
            case "name":
                name = try string(value)
                if let problem = ModelSpec.nameProblem(name!) { throw ModelSpecError(at(value), problem) }
            case "input": input = try read { () throws(ArchError) in try Reader.intList(value, count: 3, what: "input [channels, height, width]") }
            case "layers": layersNode = value
            case "classes": classes = try read { () throws(ArchError) in try Reader.positiveInt(value, "classes") }
            case "description": _ = try string(value)
            default:
                throw ModelSpecError(at(keyNode), "unknown key '\(keyNode.string ?? "?")' (expected name, input, layers, classes, description)")
            }
        }
        guard let name else { throw ModelSpecError(at(root), "missing 'name'") }
        guard let input else { throw ModelSpecError(at(root), "missing 'input' ([channels, height, width])") }
        // Without `layers` the reader reports the root, which is no list.
        let list = layersNode ?? root
        let read = try read { () throws(ArchError) in try Reader.layersAndEntries(list, classes: classes) }
        let entries = list.sequence.map(Array.init) ?? []
        return ModelSpec(name: name, input: input, layers: read.map(\.layer), locations: read.map { at(entries[$0.entry]) })
    }

    /// `body`'s value, or its `ArchError` as a `ModelSpecError` at the value's line and column.
    private func read<T>(_ body: () throws(ArchError) -> T) throws(ModelSpecError) -> T {
        do {
            return try body()
        } catch {
            let location = error.at.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? at(nil)
            throw ModelSpecError(location, error.message)
        }
    }

    func at(_ node: Node?) -> SourceLocation? {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func string(_ node: Node) throws -> String {
        guard let s = node.scalar?.string else { throw ModelSpecError(at(node), "expected text") }
        return s
    }

    private func yamlError(_ error: YamlError) -> ModelSpecError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ModelSpecError(SourceLocation(file: file, line: mark.line, column: mark.column), "YAML: \(yamlProblemInWords(problem))")
        default:
            return ModelSpecError(SourceLocation(file: file, line: 1, column: 1), "YAML: \(error)")
        }
    }
}

extension ModelSpecError {
    init(_ location: SourceLocation?, _ message: String) {
        self.init(location: location, layer: nil, message)
    }
}

/// A YAML node as the layer reader sees it, read as model files always were: whole numbers in
/// decimal (`wholeNumber`), numbers, true/false (`yes`, `on`) and null (`~`, nothing) as Yams
/// reads them, every scalar's text as written.
extension Node: ArchNode {
    public var archText: String? { scalar?.string }
    public var archWhole: Int? { wholeNumber }
    public var archNumber: Double? { float }
    public var archBool: Bool? { bool }
    public var archIsNull: Bool { null != nil }
    public var archItems: [Node]? { sequence.map(Array.init) }
    public var archMembers: [(key: String?, keyNode: Node, value: Node)]? { mapping?.map { (key: $0.key.string, keyNode: $0.key, value: $0.value) } }
    public func archMember(_ key: String) -> Node? { mapping?[key] }
    public var archDescription: String {
        if let s = scalar?.string { return "'\(s)'" }
        return sequence != nil ? "a list" : "a mapping"
    }
    public var archMark: (line: Int, column: Int)? { mark.map { (line: $0.line, column: $0.column) } }
    public static func archNumberText(_ x: Float) -> String { "\(x)" }
}
