import Foundation
import KernelCore
import Lessons
import Yams

/// What a lesson player needs to run in the page (`Player.live`): the example object, read
/// from the lesson's YAML, and the trace the lesson engine recorded, as one JSON object
/// `{"example": {…}, "trace": {…}}`. The page draws its frames from this trace (so the first
/// paint needs no WebAssembly) and reruns edited copies of the example through the in-page
/// engine, which gives the same JSON as `convwalk compute`.
enum LivePlayer {
    /// The largest trace embedded in a page; a bigger example keeps the image player.
    static let maxTraceBytes = 160_000

    /// Fields the page's copy of the example leaves out: an edited example would no longer
    /// match its `expect`, and the page decides how it is shown.
    static let leftOut: Set<String> = ["expect", "tolerance", "display"]

    /// The JSON for `Player.live`, or nil when the op runs only in the `convwalk` command
    /// (`ExampleCore.ops` lists the in-page engine's ops) or the trace is too large to embed.
    static func json(block: ExampleBlock, result: ExampleResult) -> String? {
        guard ExampleCore.ops.contains(result.op.rawValue),
              let loaded = try? Yams.load(yaml: block.source), let object = jsonValue(loaded as Any) as? [String: Any] else { return nil }
        let example = object.filter { !leftOut.contains($0.key) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let trace = try? encoder.encode(result.trace), trace.count <= maxTraceBytes,
              let exampleJSON = try? JSONSerialization.data(withJSONObject: example, options: [.sortedKeys]) else { return nil }
        return "{\"example\":" + String(decoding: exampleJSON, as: UTF8.self) + ",\"trace\":" + String(decoding: trace, as: UTF8.self) + "}"
    }

    /// A value from Yams as JSONSerialization takes it: mappings with text keys, lists,
    /// numbers, text, booleans; nil for anything else (dates, binary), which the page cannot edit.
    static func jsonValue(_ value: Any) -> Any? {
        switch value {
        case let map as [AnyHashable: Any]:
            var out: [String: Any] = [:]
            for (key, v) in map {
                guard let key = key.base as? String, let v = jsonValue(v) else { return nil }
                out[key] = v
            }
            return out
        case let map as [String: Any]:
            return jsonValue(Dictionary(uniqueKeysWithValues: map.map { (AnyHashable($0.key), $0.value) }))
        case let list as [Any]:
            let items = list.compactMap(jsonValue)
            return items.count == list.count ? items : nil
        case let b as Bool: return b
        case let i as Int: return i
        case let d as Double: return d.isFinite ? d : nil
        case let s as String: return s
        default: return nil
        }
    }
}
