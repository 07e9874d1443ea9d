import KernelCore

/// Formats numbers the way a lesson writes them (KernelCore's `NumberText`, shared with the
/// in-page engine): integers without a decimal point,
/// others with up to `digits` significant decimals and no trailing zeros, and a real
/// minus sign (U+2212) so negative values stay legible in small print.
public enum NumberFormat {
    /// `3` → "3", `0.25` → "0.25", `-1.5` → "−1.5", `0.333333` → "0.3333".
    public static func compact(_ x: Float, digits: Int = 4) -> String {
        NumberText.compact(x, digits: digits)
    }
}
