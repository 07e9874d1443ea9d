import Basics
import CCairo
import Foundation

/// A finished picture: PNG bytes, its pixel size and the text that describes it.
public struct RenderedImage: Sendable, Equatable {
    /// The encoded PNG.
    public var png: Data
    /// Width and height in device pixels (`scale` × the size in points).
    public var width: Int
    public var height: Int
    /// Device pixels per point; an HTML page shows the image at `width / scale` CSS pixels.
    public var scale: Int
    /// A description for screen readers, numbers included.
    public var alt: String
    /// The smallest text in the picture in CSS px at its natural size (`Canvas.smallestText`);
    /// nil when it has none. A page keeps the picture wide enough for this text to stay legible.
    public var smallestText: Double?

    public init(png: Data, width: Int, height: Int, scale: Int, alt: String, smallestText: Double? = nil) {
        self.png = png
        self.width = width
        self.height = height
        self.scale = scale
        self.alt = alt
        self.smallestText = smallestText
    }
}

/// A figure that draws itself: one `drawing()` gives its PNG (`render()`) or its SVG.
public protocol DrawnFigure {
    /// The figure as a drawing, before it is rasterised.
    /// - Throws: `RenderError.invalidInput` when the figure's data cannot be drawn.
    func drawing() throws -> Drawing
}

extension DrawnFigure {
    /// The figure as a PNG with alt text, at the default scale.
    public func render() throws -> RenderedImage { try drawing().png() }
}

/// A picture before it is rasterised: its size in points, its alt text and how to draw it.
///
/// Every figure builds a `Drawing`; the same drawing code gives PNG or SVG.
public struct Drawing {
    public var size: Size
    public var alt: String
    let draw: (Canvas) -> Void

    public init(size: Size, alt: String, draw: @escaping (Canvas) -> Void) {
        self.size = size
        self.alt = alt
        self.draw = draw
    }

    /// Rasterises the drawing at `scale` pixels per point.
    /// - Throws: `RenderError.png` when encoding fails.
    public func png(scale: Double = Canvas.defaultScale) throws -> RenderedImage {
        let canvas = Canvas(size: size, scale: scale)
        draw(canvas)
        return RenderedImage(png: try canvas.pngData(), width: canvas.pixelWidth, height: canvas.pixelHeight,
                             scale: Int(scale), alt: alt, smallestText: canvas.smallestText)
    }

    /// Draws onto a raster canvas and returns it, for tests that read pixels.
    public func canvas(scale: Double = Canvas.defaultScale) -> Canvas {
        let canvas = Canvas(size: size, scale: scale)
        draw(canvas)
        return canvas
    }

    /// The drawing as an SVG document (sizes in points).
    /// - Throws: `RenderError.cairo` when Cairo reports an error.
    public func svg() throws -> Data {
        let sink = ByteSink()
        let surface = cairo_svg_surface_create_for_stream(ByteSink.write, Unmanaged.passUnretained(sink).toOpaque(),
                                                          size.width, size.height)!
        do {
            let canvas = Canvas(surface: surface, size: size, scale: 1)
            draw(canvas)
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError.cairo(operation: "write SVG", status: String(cString: cairo_status_to_string(status)))
        }
        return sink.data
    }
}

/// Writes `image`'s PNG to `url` with `AtomicFile` (a temporary file in the same folder, then
/// a rename), creating the folder first.
/// - Throws: `RenderError.write` naming the path.
public func writePNG(_ image: RenderedImage, to url: URL) throws {
    let dir = url.deletingLastPathComponent()
    do {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try AtomicFile.write(image.png, to: url.path)
    } catch let error as FileWriteError {
        throw RenderError.write(path: url.path, message: error.reason)
    } catch {
        throw RenderError.write(path: url.path, message: error.localizedDescription)
    }
}
