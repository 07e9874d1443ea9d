import CCairo
import Foundation

/// A decoded PNG, for comparing pictures pixel by pixel (golden tests, checks of colours).
public struct PNGImage: Sendable {
    public let width: Int
    public let height: Int
    /// Pixels as premultiplied `0xAARRGGBB`, row by row.
    public let argb: [UInt32]

    /// Decodes `data` with Cairo.
    /// - Throws: `RenderError.cairo` when the bytes are not a PNG Cairo can read.
    public init(data: Data) throws {
        let surface = try PNGImage.cairoSurface(png: data)
        defer { cairo_surface_destroy(surface) }
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let opaque = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_RGB24
        var pixels = [UInt32](repeating: 0, count: w * h)
        if let base = cairo_image_surface_get_data(surface) {
            for y in 0..<h {
                for x in 0..<w {
                    let v = (base + y * stride + x * 4).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee }
                    pixels[y * w + x] = opaque ? (v | 0xFF00_0000) : v
                }
            }
        }
        width = w
        height = h
        argb = pixels
    }

    /// The colour at (`x`, `y`) in device pixels, un-premultiplied.
    public func color(x: Int, y: Int) -> Color {
        Color(premultipliedARGB: argb[y * width + x])
    }

    /// How many pixels differ from `other` by more than `tolerance` (0...255) in any channel,
    /// or nil when the sizes differ.
    public func differingPixels(from other: PNGImage, tolerance: Int) -> Int? {
        guard width == other.width, height == other.height else { return nil }
        var count = 0
        for (a, b) in zip(argb, other.argb) where a != b {
            for shift in stride(from: 0, through: 24, by: 8) {
                let d = abs(Int((a >> UInt32(shift)) & 0xFF) - Int((b >> UInt32(shift)) & 0xFF))
                if d > tolerance {
                    count += 1
                    break
                }
            }
        }
        return count
    }

    /// Decodes `png` with Cairo into a new image surface (RGB24 when opaque, else ARGB32).
    /// - Throws: `RenderError.cairo` when the bytes are not a PNG Cairo can read.
    static func cairoSurface(png: Data) throws -> OpaquePointer {
        final class Source {
            let data: Data
            var offset = 0
            init(_ data: Data) { self.data = data }
        }
        let source = Source(png)
        let surface = cairo_image_surface_create_from_png_stream({ closure, out, length in
            guard let closure, let out else { return CAIRO_STATUS_READ_ERROR }
            let src = Unmanaged<Source>.fromOpaque(closure).takeUnretainedValue()
            let n = Int(length)
            guard src.offset + n <= src.data.count else { return CAIRO_STATUS_READ_ERROR }
            src.data.copyBytes(to: out, from: src.offset..<(src.offset + n))
            src.offset += n
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(source).toOpaque())!
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw RenderError.cairo(operation: "read PNG", status: String(cString: cairo_status_to_string(status)))
        }
        return surface
    }
}
