import Foundation

/// Foundation's JSON errors in words: `DecodingError` and `EncodingError` print as enum dumps
/// ("keyNotFound(CodingKeys(stringValue: ...") that no user should see.
public enum JSONErrorText {
    /// A sentence for `error`: where in the JSON (`history[2].trainLoss`) and what was expected.
    /// Other errors are described as they describe themselves.
    public static func describe(_ error: Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case let .keyNotFound(key, context):
                return "\(where_(context.codingPath + [key])): missing field `\(key.stringValue)`"
            case let .typeMismatch(type, context):
                return "\(where_(context.codingPath)): expected \(words(for: type))"
            case let .valueNotFound(type, context):
                return "\(where_(context.codingPath)): expected \(words(for: type)), found null"
            case let .dataCorrupted(context):
                if context.codingPath.isEmpty { return "not valid JSON" }
                return "\(where_(context.codingPath)): the value is not valid here"
            @unknown default:
                return "the JSON does not have the expected fields"
            }
        }
        if let e = error as? EncodingError, case let .invalidValue(value, context) = e {
            return "\(where_(context.codingPath)): \(value) cannot be written as JSON (not a finite number)"
        }
        return "\(error)"
    }

    /// `history[2].trainLoss`, or "the top level".
    static func where_(_ path: [CodingKey]) -> String {
        guard !path.isEmpty else { return "at the top level" }
        var out = ""
        for key in path {
            if let i = key.intValue { out += "[\(i)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return "at `\(out)`"
    }

    static func words(for type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is UInt64.Type, is UInt32.Type: return "a whole number"
        case is Float.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}
