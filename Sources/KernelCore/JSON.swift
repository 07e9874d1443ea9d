/// A small JSON reader and writer without Foundation, for the WebAssembly engine's boundary:
/// JavaScript passes an example object as JSON text and gets `convwalk compute`'s JSON back.
public indirect enum JSONValue {
    case null
    case bool(Bool)
    /// A number and its text as written (error messages quote it, like YAML's scalars).
    case number(Double, String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// The member called `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// Parses UTF-8 JSON text; nil when it is not valid JSON.
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        var p = JSONParser(bytes: bytes)
        guard let v = p.value() else { return nil }
        p.skipSpace()
        return p.at == bytes.count ? v : nil
    }
}

struct JSONParser {
    let bytes: [UInt8]
    var at = 0
    var depth = 0

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    mutating func literal(_ word: String, _ v: JSONValue) -> JSONValue? {
        let w = Array(word.utf8)
        guard at + w.count <= bytes.count, Array(bytes[at..<(at + w.count)]) == w else { return nil }
        at += w.count
        return v
    }

    mutating func value() -> JSONValue? {
        skipSpace()
        guard at < bytes.count, depth < 64 else { return nil }
        switch bytes[at] {
        case UInt8(ascii: "n"): return literal("null", .null)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "["):
            at += 1
            depth += 1
            defer { depth -= 1 }
            var items: [JSONValue] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
            while true {
                guard let v = value() else { return nil }
                items.append(v)
                skipSpace()
                guard at < bytes.count else { return nil }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                return nil
            }
        case UInt8(ascii: "{"):
            at += 1
            depth += 1
            defer { depth -= 1 }
            var members: [(String, JSONValue)] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return nil }
                at += 1
                guard let v = value() else { return nil }
                members.append((key, v))
                skipSpace()
                guard at < bytes.count else { return nil }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
                return nil
            }
        default: return number()
        }
    }

    mutating func string() -> String? {
        at += 1
        var out: [UInt8] = []
        while at < bytes.count {
            let b = bytes[at]
            at += 1
            if b == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard b == UInt8(ascii: "\\") else { out.append(b); continue }
            guard at < bytes.count else { return nil }
            let e = bytes[at]
            at += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard var code = hex4() else { return nil }
                if code >= 0xD800 && code < 0xDC00, at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") {
                    at += 2
                    guard let low = hex4(), low >= 0xDC00 && low < 0xE000 else { return nil }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { return nil }
                out += Array(String(Character(scalar)).utf8)
            default: out.append(e)
            }
        }
        return nil
    }

    mutating func hex4() -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[at]
            at += 1
            let d: UInt8
            switch b {
            case 48...57: d = b - 48
            case 65...70: d = b - 55
            case 97...102: d = b - 87
            default: return nil
            }
            v = v * 16 + UInt32(d)
        }
        return v
    }

    /// A JSON number, read digit by digit into a Double (exact for the integers and short
    /// decimals lessons use; within an ulp otherwise).
    mutating func number() -> JSONValue? {
        let start = at
        var negative = false
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") { negative = true; at += 1 }
        var mantissa: UInt64 = 0, scale = 0, digits = 0
        var sawDigit = false
        while at < bytes.count, bytes[at] >= 48, bytes[at] <= 57 {
            if digits < 19 { mantissa = mantissa * 10 + UInt64(bytes[at] - 48); if mantissa > 0 { digits += 1 } } else { scale += 1 }
            at += 1
            sawDigit = true
        }
        guard sawDigit else { return nil }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            var fraction = false
            while at < bytes.count, bytes[at] >= 48, bytes[at] <= 57 {
                if digits < 19 { mantissa = mantissa * 10 + UInt64(bytes[at] - 48); scale -= 1; if mantissa > 0 { digits += 1 } }
                at += 1
                fraction = true
            }
            guard fraction else { return nil }
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            var sign = 1
            if at < bytes.count, bytes[at] == UInt8(ascii: "-") || bytes[at] == UInt8(ascii: "+") {
                if bytes[at] == UInt8(ascii: "-") { sign = -1 }
                at += 1
            }
            var e = 0, any = false
            while at < bytes.count, bytes[at] >= 48, bytes[at] <= 57 {
                if e < 10000 { e = e * 10 + Int(bytes[at] - 48) }
                at += 1
                any = true
            }
            guard any else { return nil }
            scale += sign * e
        }
        var v = Double(mantissa)
        if scale > 0 { v *= CoreMath.powerOfTen(min(scale, 400)) }
        if scale < 0 { v /= CoreMath.powerOfTen(min(-scale, 400)) }
        return .number(negative ? -v : v, String(decoding: bytes[start..<at], as: UTF8.self))
    }
}

/// Builds JSON text.
public struct JSONWriter {
    public private(set) var text: [UInt8] = []
    public init() {}

    public mutating func raw(_ s: String) {
        var s = s
        s.withUTF8 { text.append(contentsOf: $0) }
    }

    /// `s` quoted, escaping `"`, `\` and control characters. (Bytes through `withUTF8`, not
    /// `utf8.contains(where:)`: the closure per byte was a tenth of an edit's time in the page.)
    public mutating func string(_ s: String) {
        var s = s
        text.append(UInt8(ascii: "\""))
        s.withUTF8 { bytes in
            var plain = true
            for b in bytes where b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { plain = false; break }
            if plain { text.append(contentsOf: bytes); return }
            for b in bytes {
                switch b {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    raw("\\u00")
                    text.append(hex[Int(b >> 4)])
                    text.append(hex[Int(b & 15)])
                default: text.append(b)
                }
            }
        }
        text.append(UInt8(ascii: "\""))
    }

    /// `v` in decimal digits, written straight into the text (no `String` per number).
    public mutating func integer(_ v: Int64) {
        if v < 0 { text.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        let start = text.count
        repeat {
            text.append(UInt8(ascii: "0") + UInt8(m % 10))
            m /= 10
        } while m > 0
        text[start...].reverse()
    }

    /// A Float as the shortest decimal that reads back as the same Float (as Swift prints it);
    /// whole numbers (most of a lesson's) as `shortest` writes them, without its `String`.
    public mutating func number(_ x: Float) {
        if let n = JSONWriter.whole(x) {
            integer(n)
        } else {
            raw(JSONWriter.shortest(x))
        }
    }

    public mutating func ints(_ xs: [Int]) {
        text.append(UInt8(ascii: "["))
        for (i, x) in xs.enumerated() {
            if i > 0 { text.append(UInt8(ascii: ",")) }
            integer(Int64(x))
        }
        text.append(UInt8(ascii: "]"))
    }

    public mutating func numbers(_ xs: [Float]) {
        text.append(UInt8(ascii: "["))
        for (i, x) in xs.enumerated() {
            if i > 0 { text.append(UInt8(ascii: ",")) }
            number(x)
        }
        text.append(UInt8(ascii: "]"))
    }

    /// `x` as an integer when it is a whole number JSON writes without a point: up to 2²⁴, where
    /// every integer is a Float and its digits are the shortest form. Beyond, a whole Float is
    /// written as the shortest digits that read back (2.28e14 as `228e12`, not its 15 digits).
    static func whole(_ x: Float) -> Int64? {
        let d = Double(x)
        return x.isFinite && d == d.rounded(.towardZero) && abs(d) <= 16_777_216 ? Int64(d) : nil
    }

    /// The shortest of 1…9 significant digits that reads back as `x` (JSON has no NaN: null).
    public static func shortest(_ x: Float) -> String {
        if x.isNaN || x.isInfinite { return "null" }
        if x == 0 { return "0" }
        let d = Double(x)
        if let n = whole(x) { return String(n) }
        var e = 0
        var m = abs(d)
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        for digits in 1...9 {
            // The value scaled so that `digits` significant digits sit left of the point.
            let shift = digits - 1 - e
            let scaled = shift >= 0 ? abs(d) * CoreMath.powerOfTen(shift) : abs(d) / CoreMath.powerOfTen(-shift)
            let n = CoreMath.roundHalfAway(scaled)
            let back = shift >= 0 ? n / CoreMath.powerOfTen(shift) : n * CoreMath.powerOfTen(-shift)
            if Float(back) == abs(x) || digits == 9 {
                // Rounding can carry into one more digit (9.99999974e-5 → 10e-5): drop its zero.
                var (m, at) = (UInt64(n), shift)
                while m % 10 == 0, m > 0 { m /= 10; at -= 1 }
                return (x < 0 ? "-" : "") + decimal(m, shift: at)
            }
        }
        return "0"
    }

    /// `n` × 10^(−shift) written out: `25, 2` → `0.25`; `25, -3` → `25e3` as `2.5e4`.
    static func decimal(_ n: UInt64, shift: Int) -> String {
        var digits = String(n)
        if shift <= 0 {
            if shift > -6 { for _ in 0..<(-shift) { digits += "0" }; return digits }
            return digits + "e" + String(-shift)
        }
        let count = digits.utf8.count
        if shift < count {
            let bytes = Array(digits.utf8)
            return String(decoding: bytes[..<(count - shift)], as: UTF8.self) + "." + String(decoding: bytes[(count - shift)...], as: UTF8.self)
        }
        if shift - count < 6 {
            var s = "0."
            for _ in 0..<(shift - count) { s += "0" }
            return s + digits
        }
        return digits + "e-" + String(shift)
    }
}
