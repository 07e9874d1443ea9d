import CCairo
import CPNG
import Foundation

/// Encodes Cairo image surfaces as PNG with libpng, tuned for the course's pictures.
///
/// Cairo's own writer (`cairo_surface_write_to_png_stream`) keeps libpng's defaults: every
/// filter tried on every row, zlib level 6. The pictures are flat-colour diagrams with
/// antialiased text, for which one cheap filter and a fast zlib setting give files almost as
/// small in a fraction of the time (figures in README.md, "PNG encoding"). The pixels are the
/// same as Cairo's writer gives: RGB when every pixel is opaque, else RGBA un-premultiplied
/// with Cairo's rounding. No time stamp, so equal pixels give equal bytes.
public enum PNGEncoder {
    /// The PNG row filter (the same one for every row, or `.all` for libpng's per-row choice).
    public enum Filter: String, Sendable, CaseIterable {
        case none, sub, up, average, paeth, all

        var mask: Int32 {
            switch self {
            case .none: PNG_FILTER_NONE
            case .sub: PNG_FILTER_SUB
            case .up: PNG_FILTER_UP
            case .average: PNG_FILTER_AVG
            case .paeth: PNG_FILTER_PAETH
            case .all: PNG_FILTER_NONE | PNG_FILTER_SUB | PNG_FILTER_UP | PNG_FILTER_AVG | PNG_FILTER_PAETH
            }
        }
    }

    /// zlib's compression strategy.
    public enum Strategy: String, Sendable, CaseIterable {
        case standard, filtered, rle, huffmanOnly

        var zlib: Int32 {
            switch self {
            case .standard: Z_DEFAULT_STRATEGY
            case .filtered: Z_FILTERED
            case .rle: Z_RLE
            case .huffmanOnly: Z_HUFFMAN_ONLY
            }
        }
    }

    /// How to compress: a row filter, a zlib level (0–9) and a zlib strategy.
    public struct Settings: Sendable, Equatable, CustomStringConvertible {
        public var filter: Filter
        public var level: Int
        public var strategy: Strategy

        public init(filter: Filter, level: Int, strategy: Strategy) {
            self.filter = filter
            self.level = level
            self.strategy = strategy
        }

        /// The settings `Canvas.pngData()` uses, chosen by measurement on the course's frames.
        public static let course = Settings(filter: .up, level: 3, strategy: .standard)
        /// What Cairo's writer does (libpng's defaults), for comparison.
        public static let libpngDefault = Settings(filter: .all, level: 6, strategy: .filtered)

        public var description: String { "filter \(filter), zlib \(level) \(strategy)" }
    }

    /// The PNG of an ARGB32 image surface.
    /// - Throws: `RenderError.png(operation: "write PNG", ...)` with libpng's complaint.
    static func encode(_ surface: OpaquePointer, settings: Settings = .course) throws -> Data {
        cairo_surface_flush(surface)
        guard cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32 else {
            throw RenderError.png(operation: "write PNG", message: "the surface is not an ARGB32 image")
        }
        guard (0...9).contains(settings.level) else {
            throw RenderError.png(operation: "write PNG", message: "zlib level \(settings.level) is not in 0...9")
        }
        var out = cw_png_output()
        let c = cw_png_settings(filters: settings.filter.mask, level: Int32(settings.level), strategy: settings.strategy.zlib)
        let failed = cw_png_write_argb32(cairo_image_surface_get_data(surface), cairo_image_surface_get_width(surface), cairo_image_surface_get_height(surface),
                                         cairo_image_surface_get_stride(surface), c, &out)
        guard failed == 0, let bytes = out.bytes else {
            let message = withUnsafeBytes(of: out.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw RenderError.png(operation: "write PNG", message: message)
        }
        return Data(bytesNoCopy: bytes, count: out.count, deallocator: .free)
    }
}
