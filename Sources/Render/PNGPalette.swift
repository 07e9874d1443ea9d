import CPalette
import Foundation

/// Indexed-colour PNGs: the same picture in a quarter of the bytes or less.
///
/// A picture with at most 256 distinct colours is written with an exact palette: the decoded
/// pixels are the same as before (about half of the course's frames). Others have more
/// (antialiased text and edges give 400–850): libimagequant picks 256 colours from the
/// picture's colour histogram and each colour maps to the nearest one (no dithering); the
/// result is kept only when it reaches `minimumQuality` (libimagequant's 0–100 scale, 100 is
/// exact), else the picture stays as it was, as it does with more than 65,536 colours.
/// Written at zlib level 9 with no row filter. Deterministic: the same PNG gives the same bytes.
public enum PNGPalette {
    /// How a picture was re-encoded.
    public enum Outcome: Equatable, Sendable {
        /// Every colour kept (at most 256).
        case exact(colours: Int)
        /// Reduced to this many colours by libimagequant.
        case quantised(colours: Int)
        /// Left as it was.
        case unchanged
    }

    /// The lowest libimagequant quality accepted by default.
    public static let defaultMinimumQuality = 80

    /// Re-encodes `png` with a palette, or returns it as it is (see the type's comment).
    /// - Parameter quantise: false keeps pictures with more than 256 colours unchanged.
    /// - Throws: `RenderError.png` when `png` cannot be read.
    public static func indexed(_ png: Data, quantise: Bool = true,
                               minimumQuality: Int = defaultMinimumQuality) throws -> (png: Data, outcome: Outcome) {
        var out = cw_palette_output()
        let status = png.withUnsafeBytes { raw in
            cw_palette_encode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, quantise ? 1 : 0,
                              Int32(min(max(minimumQuality, 0), 100)), &out)
        }
        defer { cw_palette_free(&out) }
        switch status {
        case 0:
            let data = Data(bytes: out.bytes, count: out.count)
            // A palette never grows a flat picture much, but keep the smaller file either way.
            guard data.count < png.count else { return (png, .unchanged) }
            return (data, out.exact != 0 ? .exact(colours: Int(out.colours)) : .quantised(colours: Int(out.colours)))
        case 1:
            return (png, .unchanged)
        default:
            let message = withUnsafeBytes(of: out.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw RenderError.png(operation: "write palette PNG", message: message)
        }
    }
}
