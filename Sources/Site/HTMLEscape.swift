/// The one escaping function: makes any string safe as HTML text or as a double-quoted
/// attribute value.
public func escapeHTML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}

/// Reverses the entities `escapeHTML` and md4c produce (used to read text back out of HTML).
func unescapeHTML(_ text: String) -> String {
    guard text.contains("&") else { return text }
    return text
        .replacingOccurrences(of: "&lt;", with: "<")
        .replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"")
        .replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&amp;", with: "&")
}

/// Turns any string into an identifier safe in ids, attributes, file names and URL fragments:
/// lowercase ASCII letters, digits, `-` and `_`; other runs become one `-`; never empty.
///
/// - Parameters:
///   - fallback: used when nothing usable is left (e.g. for an all-Hangul heading).
///   - letterFirst: prefix `fallback-` unless the result starts with a letter (for ids that
///     CSS selectors and scripts use; file names such as `01-intro` may start with a digit).
public func sanitizeIdentifier(_ text: String, fallback: String = "id", letterFirst: Bool = true) -> String {
    var out = ""
    var pendingDash = false
    for ch in text.lowercased().unicodeScalars {
        let ok = (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") || ch == "_"
        if ok {
            if pendingDash && !out.isEmpty { out += "-" }
            pendingDash = false
            out.unicodeScalars.append(ch)
        } else {
            pendingDash = true
        }
    }
    if out.isEmpty { return fallback }
    if letterFirst, let first = out.unicodeScalars.first, !(first >= "a" && first <= "z") {
        out = fallback + "-" + out
    }
    return out
}

/// Hands out unique identifiers within one page: a second `intro` becomes `intro-2`.
struct IdentifierPool {
    private var used: Set<String> = []
    /// Ids for the next Markdown headings, in order (a translation takes its original's ids,
    /// so `#padding` means the same section in every language). Empty: ids come from the text.
    var headingIDs: [String] = []

    init(reserved: [String] = []) { used = Set(reserved) }

    /// Keeps `ids` from being given to anything else on the page.
    mutating func reserve(_ ids: [String]) { used.formUnion(ids) }

    mutating func claim(_ text: String, fallback: String) -> String {
        let base = sanitizeIdentifier(text, fallback: fallback)
        var candidate = base
        var n = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        used.insert(candidate)
        return candidate
    }

    /// The id of the next Markdown heading: the next of `headingIDs`, else one from its text.
    mutating func claimHeading(_ text: String) -> String {
        guard !headingIDs.isEmpty else { return claim(text, fallback: "section") }
        return claim(headingIDs.removeFirst(), fallback: "section")
    }
}

/// JSON text safe inside `<script type="application/json">`: `<`, `>` and `&` written as
/// `\u003c`, `\u003e`, `\u0026` (the same JSON value, and no `</script>` can end the element).
func scriptSafeJSON(_ json: String) -> String {
    json.replacingOccurrences(of: "<", with: "\\u003c")
        .replacingOccurrences(of: ">", with: "\\u003e")
        .replacingOccurrences(of: "&", with: "\\u0026")
}
