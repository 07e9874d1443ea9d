import Foundation

/// The message catalogs: every word a reader sees, one table per language, keyed by `Message`.
/// Templates hold `{name}` placeholders; Korean ones put no particle right after a
/// placeholder, so they read the same whatever number fills it. The tables are plain data
/// (`json(_:)` exports one), so another runtime can word its traces the same way.
public enum Catalog {
    /// `template` with each `{key}` replaced by `values[key]`, in one pass (a value that holds
    /// braces is not read again). A placeholder without a value is a bug: debug builds (and so
    /// every test run over the course) stop on it; release builds leave it as written.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        assert(placeholders(in: template).allSatisfy { values[$0] != nil },
               "unfilled placeholder in \"\(template)\" (values: \(values.keys.sorted()))")
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let key = String(rest[rest.index(after: open)..<close])
            if let v = values[key] { out += v } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The `{name}` placeholders of `template`, in order (names are letters and digits only,
    /// so KaTeX's `\frac{...}` and `\left\lfloor` are not placeholders).
    public static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[rest.index(after: open)..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { names.append(String(name)) }
            rest = rest[rest.index(after: open)...]
        }
        return names
    }

    /// One area of a language's catalog (`trace`, `ui`, ...) as plain `name: template` data,
    /// e.g. `["windowAt": "window at row {r}, column {c}", ...]` for `trace`.
    public static func table(_ language: Language, area: String) -> [String: String] {
        var table: [String: String] = [:]
        for (key, text) in language.catalog where key.rawValue.hasPrefix(area + ".") {
            table[String(key.rawValue.dropFirst(area.count + 1))] = text
        }
        return table
    }

    /// `table` as a JSON object with sorted keys, for another runtime (the in-page engine).
    public static func json(_ table: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(table)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
