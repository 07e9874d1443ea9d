import Foundation

/// An sRGB colour with alpha, components in 0...1.
public struct Color: Sendable, Equatable, Hashable {
    public var r: Double
    public var g: Double
    public var b: Double
    public var a: Double

    public init(r: Double, g: Double, b: Double, a: Double = 1) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    /// A colour from `0xRRGGBB`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(r: Double((hex >> 16) & 0xFF) / 255, g: Double((hex >> 8) & 0xFF) / 255,
                  b: Double(hex & 0xFF) / 255, a: alpha)
    }

    /// The colour `t` of the way from `self` to `other` (0 = self, 1 = other).
    public func mixed(with other: Color, _ t: Double) -> Color {
        Color(r: r + (other.r - r) * t, g: g + (other.g - g) * t, b: b + (other.b - b) * t, a: a + (other.a - a) * t)
    }

    /// A pale version for cell backgrounds: `t` of the way towards white.
    public func tint(_ t: Double = 0.72) -> Color { mixed(with: .white, t) }

    /// Relative luminance (WCAG), used to pick a readable text colour on a fill.
    public var luminance: Double {
        func lin(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    /// Black or white, whichever reads better on `self`.
    public var readableText: Color { luminance > 0.22 ? .ink : .white }

    public static let white = Color(r: 1, g: 1, b: 1)
    public static let black = Color(r: 0, g: 0, b: 0)
    /// Near-black for text and lines.
    public static let ink = Color(hex: 0x1A1A1A)
    /// Secondary text: shapes, captions, tick labels.
    public static let muted = Color(hex: 0x5A5A5A)
    /// Grid lines and cell borders.
    public static let rule = Color(hex: 0xB8B8B8)
    /// Zero-padding cells.
    public static let padding = Color(hex: 0xE4E4E4)
}

/// The Okabe–Ito palette: eight colours that stay distinct for the common colour-vision
/// deficiencies. Highlights also differ in outline style, never in colour alone.
public enum Palette {
    public static let orange = Color(hex: 0xE69F00)
    public static let skyBlue = Color(hex: 0x56B4E9)
    public static let green = Color(hex: 0x009E73)
    public static let yellow = Color(hex: 0xF0E442)
    public static let blue = Color(hex: 0x0072B2)
    public static let vermillion = Color(hex: 0xD55E00)
    public static let purple = Color(hex: 0xCC79A7)

    /// Colours for data series, in order of use.
    public static let series: [Color] = [blue, vermillion, green, orange, purple, skyBlue, .ink]
}
