/// Numbers as lessons write them, without Foundation, so the host and the WebAssembly engine
/// print the same digits: integers without a decimal point, others with up to 4 decimals and
/// no trailing zeros, and a real minus sign (U+2212).
public enum NumberText {
    /// `3` → "3", `0.25` → "0.25", `-1.5` → "−1.5", `0.333333` → "0.3333";
    /// non-whole values of a million or more as `1.235e+06`.
    public static func compact(_ x: Float, digits: Int = 4) -> String {
        String(decoding: compactBytes(x, digits: digits), as: UTF8.self)
    }

    /// U+2212 in UTF-8.
    static let minusSign: [UInt8] = [0xE2, 0x88, 0x92]

    /// `compact` as UTF-8 bytes (built byte by byte: String's own editing is slow in Embedded Swift).
    static func compactBytes(_ x: Float, digits: Int) -> [UInt8] {
        if x.isNaN { return Array("NaN".utf8) }
        if x.isInfinite { return x < 0 ? minusSign + [0xE2, 0x88, 0x9E] : [0xE2, 0x88, 0x9E] }
        let scale = CoreMath.powerOfTen(digits)
        let rounded = CoreMath.roundHalfAway(Double(x) * scale) / scale
        var out: [UInt8] = []
        if rounded == CoreMath.roundHalfAway(rounded) && abs(rounded) < 1e9 {
            let v = Int64(rounded)
            if v < 0 { out += minusSign }
            appendDigits(&out, v.magnitude, width: 1)
        } else if abs(rounded) >= 1e6 {
            for b in scientific(Double(x), decimals: max(1, digits - 1)).utf8 {
                if b == UInt8(ascii: "-") { out += minusSign } else { out.append(b) }
            }
        } else {
            let n = UInt64(CoreMath.roundHalfAway(abs(rounded) * scale))
            let unit = UInt64(scale)
            if rounded < 0 { out += minusSign }
            appendDigits(&out, n / unit, width: 1)
            var frac = n % unit, width = digits
            while frac > 0 && frac % 10 == 0 { frac /= 10; width -= 1 }
            if frac > 0 {
                out.append(UInt8(ascii: "."))
                appendDigits(&out, frac, width: width)
            }
        }
        return out
    }

    /// The decimal digits of `n`, left-padded with zeros to `width`.
    static func appendDigits(_ out: inout [UInt8], _ n: UInt64, width: Int) {
        var digits: [UInt8] = []
        var rest = n
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        while digits.count < width { digits.append(UInt8(ascii: "0")) }
        out += digits.reversed()
    }

    /// `-` replaced by `−` (U+2212).
    public static func minus(_ s: String) -> String {
        var out: [UInt8] = []
        for b in s.utf8 { if b == UInt8(ascii: "-") { out += minusSign } else { out.append(b) } }
        return String(decoding: out, as: UTF8.self)
    }

    /// `x` as printf's `%.Ne`: `1.235e+06`.
    static func scientific(_ x: Double, decimals: Int) -> String {
        var e = 0
        var m = abs(x)
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 && m > 0 { m *= 10; e -= 1 }
        var n = UInt64(CoreMath.roundHalfAway(m * CoreMath.powerOfTen(decimals)))
        let unit = UInt64(CoreMath.powerOfTen(decimals))
        if n >= 10 * unit { n /= 10; e += 1 }
        var out: [UInt8] = x < 0 ? [UInt8(ascii: "-")] : []
        appendDigits(&out, n / unit, width: 1)
        out.append(UInt8(ascii: "."))
        appendDigits(&out, n % unit, width: decimals)
        out += Array((e < 0 ? "e-" : "e+").utf8)
        appendDigits(&out, UInt64(abs(e)), width: 2)
        return String(decoding: out, as: UTF8.self)
    }
}

/// The pieces of the traces' arithmetic lines, shared by every op.
public enum StepText {
    /// A number as lessons write it.
    public static func n(_ x: Float) -> String { NumberText.compact(x) }
    /// A factor, parenthesised when negative: `2×(−1)`.
    public static func factor(_ x: Float) -> String { x < 0 ? "(" + n(x) + ")" : n(x) }
    /// `1×2 + 3×(−1)`.
    public static func products(_ a: [Float], _ b: [Float]) -> String {
        var s = ""
        for i in 0..<min(a.count, b.count) {
            if i > 0 { s += " + " }
            s += factor(a[i]) + "×" + factor(b[i])
        }
        return s
    }
    /// `1 + 2 − 3`.
    public static func sum(_ xs: [Float]) -> String {
        var s = ""
        for (i, x) in xs.enumerated() {
            s += i == 0 ? n(x) : (x < 0 ? " − " + n(-x) : " + " + n(x))
        }
        return s
    }
    /// `[1,0]`.
    public static func index(_ i: [Int]) -> String { "[" + joined(i.map { String($0) }, ",") + "]" }
    /// `parts` joined by `separator`.
    public static func joined(_ parts: [String], _ separator: String) -> String {
        var s = ""
        for (k, p) in parts.enumerated() { if k > 0 { s += separator }; s += p }
        return s
    }
    /// A shape as lessons write it: `3x3`, or `scalar` for rank 0.
    public static func shape(_ s: [Int]) -> String { s.isEmpty ? "scalar" : joined(s.map { String($0) }, "x") }

    /// `template` with each `{key}` replaced by its value, in one pass (a value that holds
    /// braces is not read again); unknown keys are left as written.
    public static func fill(_ template: String, _ values: [(String, String)]) -> String {
        let t = Array(template.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < t.count {
            guard t[i] == UInt8(ascii: "{"), let close = t[i...].firstIndex(of: UInt8(ascii: "}")) else {
                out.append(t[i])
                i += 1
                continue
            }
            let key = Array(t[(i + 1)..<close])
            if let v = values.first(where: { Array($0.0.utf8) == key }) {
                out += Array(v.1.utf8)
            } else {
                out += Array(t[i...close])
            }
            i = close + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
