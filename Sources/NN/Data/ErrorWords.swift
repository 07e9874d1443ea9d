import Foundation

/// Errors from Foundation in words. `DecodingError` and `EncodingError` print as enum dumps
/// ("keyNotFound(CodingKeys(stringValue: ..."), file errors as `Error Domain=NSCocoaErrorDomain
/// Code=...` dumps: no user should see either. convwalk's own errors describe themselves.
public enum ErrorWords {
    /// A sentence for `error`: for JSON, where (`history[2].trainLoss`) and what was expected;
    /// for a file, its path and the system's reason ("No space left on device").
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
        if error is CocoaError || error is POSIXError { return file(error as NSError) }
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain { return file(ns) }
        return "\(error)"
    }

    /// "PATH: REASON" for a Foundation file error.
    static func file(_ e: NSError) -> String {
        let path = (e.userInfo[NSFilePathErrorKey] as? String) ?? (e.userInfo[NSURLErrorKey] as? URL)?.path
        var reason: String
        if let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            reason = String(cString: strerror(Int32(underlying.code)))
        } else if e.domain == NSPOSIXErrorDomain {
            reason = String(cString: strerror(Int32(e.code)))
        } else {
            switch CocoaError.Code(rawValue: e.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: reason = "no such file or folder"
            case .fileReadNoPermission, .fileWriteNoPermission: reason = "permission denied"
            case .fileWriteOutOfSpace: reason = "no space left on the device"
            case .fileWriteVolumeReadOnly: reason = "the file system is read-only"
            case .fileWriteFileExists: reason = "a file is in the way (a folder was expected)"
            case .fileReadCorruptFile: reason = "the file cannot be read as expected"
            default: reason = "the file operation failed (code \(e.code))"
            }
        }
        return path.map { "\($0): \(reason)" } ?? reason
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
