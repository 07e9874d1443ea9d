import Foundation

/// Formats numbers the way a lesson writes them: integers without a decimal point,
/// others with up to `digits` significant decimals and no trailing zeros, and a real
/// minus sign (U+2212) so negative values stay legible in small print.
public enum NumberFormat {
    /// `3` → "3", `0.25` → "0.25", `-1.5` → "−1.5", `0.333333` → "0.3333".
    public static func compact(_ x: Float, digits: Int = 4) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "−∞" : "∞" }
        let rounded = (Double(x) * pow(10, Double(digits))).rounded() / pow(10, Double(digits))
        var s: String
        if rounded == rounded.rounded(), abs(rounded) < 1e9 {
            s = String(Int64(rounded))
        } else if abs(rounded) >= 1e6 || (abs(rounded) < pow(10, -Double(digits)) && rounded != 0) {
            s = String(format: "%.\(max(1, digits - 1))e", Double(x))
        } else {
            s = String(format: "%.\(digits)f", rounded)
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s.replacingOccurrences(of: "-", with: "−")
    }
}
