import Foundation
import KernelCore
import Lessons
import Yams

/// What a lesson player needs to run in the page (`Player.live`): the example object, read
/// from the lesson's YAML, and the trace the lesson engine recorded, as one JSON object
/// `{"example": {…}, "trace": {…}}` (the trace shortened, see `pageTrace`). The page draws its frames from this trace (so the first
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
        // A layer table is redrawn from the trace's layers: its steps (one sentence a layer) stay out.
        guard let trace = pageTrace(result.trace, steps: result.trace.layers == nil), trace.count <= maxTraceBytes,
              let exampleJSON = try? JSONSerialization.data(withJSONObject: example, options: [.sortedKeys]) else { return nil }
        return "{\"example\":" + String(decoding: exampleJSON, as: UTF8.self) + ",\"trace\":" + String(decoding: trace, as: UTF8.self) + "}"
    }

    /// Step fields the page's frames do not read (the arithmetic line already shows them).
    static let unread: Set<String> = ["readValues", "weightValues", "products", "sum", "result"]

    /// The trace as the page needs it, about half the size of `convwalk compute`'s: steps
    /// without the `unread` fields, and each list of cells written as one string,
    /// `"input:0,5 0,6;kernel:0,0"` (tensor, then each cell's index; `frames.js` reads it back).
    /// Without `steps`, the steps and tensors are left out (a layer table needs its layers only).
    static func pageTrace(_ trace: Trace, steps keepSteps: Bool = true) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(trace),
              var object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let steps = object["steps"] as? [[String: Any]] else { return nil }
        if !keepSteps {
            object["steps"] = []
            object["tensors"] = []
            return try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
        object["steps"] = steps.map { step in
            var step = step.filter { !unread.contains($0.key) }
            for key in ["reads", "weights", "writes", "emphasis"] {
                step[key] = (step[key] as? [[String: Any]]).map(cellText)
            }
            return step
        }
        return try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Cells as `tensor:i,j i,j;other:k`, tensors in order of first appearance.
    static func cellText(_ cells: [[String: Any]]) -> String {
        var groups: [(tensor: String, indices: [String])] = []
        for cell in cells {
            let tensor = cell["tensor"] as? String ?? ""
            let index = (cell["index"] as? [Int] ?? []).map(String.init).joined(separator: ",")
            if let at = groups.firstIndex(where: { $0.tensor == tensor }) { groups[at].indices.append(index) } else { groups.append((tensor, [index])) }
        }
        return groups.map { "\($0.tensor):" + $0.indices.joined(separator: " ") }.joined(separator: ";")
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
