import CCairo
import Foundation

/// A Cairo drawing surface measured in points and drawn at `scale` pixels per point.
///
/// Every picture in the course is drawn on one of these: figures compute their layout in
/// points, draw with the methods below, then hand back `pngData()`. The canvas starts white.
public final class Canvas {
    /// Width and height in points.
    public let size: Size
    /// Device pixels per point (2 for the course: sharp on high-density screens).
    public let scale: Double
    let surface: OpaquePointer
    let cr: OpaquePointer
    /// The smallest text drawn so far, in points as the picture is shown (the font size through
    /// the current transform): a page shows the picture at one CSS px per point, so a phone
    /// that shrinks it by k shows this text at k × this size. Nil before any text.
    public private(set) var smallestText: Double?

    /// A white raster canvas of `size` points, `ceil(size × scale)` pixels.
    public init(size: Size, scale: Double = Canvas.defaultScale) {
        self.size = size
        self.scale = scale
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((size.width * scale).rounded(.up)),
                                             Int32((size.height * scale).rounded(.up)))
        cr = cairo_create(surface)
        Canvas.prepare(cr, scale: scale)
    }

    /// A canvas holding the pixels of a decoded PNG, one pixel per point (to re-encode it).
    /// - Throws: `RenderError.cairo` when Cairo cannot read `png`.
    public convenience init(png: Data) throws {
        let image = try PNGImage.cairoSurface(png: png)
        defer { cairo_surface_destroy(image) }
        self.init(size: Size(Double(cairo_image_surface_get_width(image)), Double(cairo_image_surface_get_height(image))), scale: 1)
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_paint(cr)
        cairo_set_operator(cr, CAIRO_OPERATOR_OVER)
    }

    /// A canvas drawing onto an existing surface (vector output); the canvas takes a reference.
    init(surface: OpaquePointer, size: Size, scale: Double) {
        self.size = size
        self.scale = scale
        self.surface = cairo_surface_reference(surface)
        cr = cairo_create(surface)
        Canvas.prepare(cr, scale: scale)
    }

    /// Records text of `size` points in user space (see `smallestText`).
    func noteTextSize(_ size: Double, text: String) {
        guard !text.allSatisfy(\.isWhitespace) else { return }
        var dx = size, dy = 0.0
        cairo_user_to_device_distance(cr, &dx, &dy)
        let shown = (dx * dx + dy * dy).squareRoot() / scale
        smallestText = min(smallestText ?? shown, shown)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// The device scale used for the course's pictures.
    public static let defaultScale: Double = 2

    private static func prepare(_ cr: OpaquePointer, scale: Double) {
        cairo_scale(cr, scale, scale)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        Typesetter.applyFontOptions(cr)
    }

    /// Pixel width and height of the raster.
    public var pixelWidth: Int { Int(cairo_image_surface_get_width(surface)) }
    public var pixelHeight: Int { Int(cairo_image_surface_get_height(surface)) }

    // MARK: Shapes

    func setColor(_ c: Color) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a) }

    /// Fills `rect` with `color`.
    public func fill(_ rect: Rect, _ color: Color) {
        setColor(color)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cr)
    }

    /// Strokes the outline of `rect`, centred on its edge.
    public func stroke(_ rect: Rect, _ color: Color, width: Double = 1, dash: [Double] = []) {
        setColor(color)
        setLine(width: width, dash: dash)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_stroke(cr)
    }

    /// Fills (and optionally strokes) a rectangle with rounded corners.
    public func roundedRect(_ rect: Rect, radius: Double, fill: Color?, stroke: Color? = nil, width: Double = 1) {
        let r = min(radius, rect.width / 2, rect.height / 2)
        cairo_new_sub_path(cr)
        cairo_arc(cr, rect.maxX - r, rect.minY + r, r, -Double.pi / 2, 0)
        cairo_arc(cr, rect.maxX - r, rect.maxY - r, r, 0, Double.pi / 2)
        cairo_arc(cr, rect.minX + r, rect.maxY - r, r, Double.pi / 2, Double.pi)
        cairo_arc(cr, rect.minX + r, rect.minY + r, r, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(cr)
        finish(fill: fill, stroke: stroke, width: width)
    }

    /// Draws a straight line.
    public func line(_ a: Point, _ b: Point, _ color: Color, width: Double = 1, dash: [Double] = []) {
        polyline([a, b], color, width: width, dash: dash)
    }

    /// Draws connected line segments through `points`.
    public func polyline(_ points: [Point], _ color: Color, width: Double = 1, dash: [Double] = []) {
        guard let first = points.first else { return }
        setColor(color)
        setLine(width: width, dash: dash)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_move_to(cr, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
        cairo_stroke(cr)
    }

    /// Draws a line ending in a filled arrowhead at `to`.
    public func arrow(from: Point, to: Point, _ color: Color, width: Double = 1.5, head: Double = 8) {
        let dx = to.x - from.x, dy = to.y - from.y
        let len = max(1e-9, (dx * dx + dy * dy).squareRoot())
        let ux = dx / len, uy = dy / len
        let base = Point(to.x - ux * head, to.y - uy * head)
        line(from, base, color, width: width)
        polygon([to, Point(base.x - uy * head * 0.5, base.y + ux * head * 0.5),
                 Point(base.x + uy * head * 0.5, base.y - ux * head * 0.5)], fill: color)
    }

    /// Fills (and optionally strokes) a closed polygon.
    public func polygon(_ points: [Point], fill: Color?, stroke: Color? = nil, width: Double = 1) {
        guard let first = points.first else { return }
        cairo_move_to(cr, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
        cairo_close_path(cr)
        finish(fill: fill, stroke: stroke, width: width)
    }

    /// Fills (and optionally strokes) a circle.
    public func circle(_ center: Point, radius: Double, fill: Color?, stroke: Color? = nil, width: Double = 1) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, center.x, center.y, radius, 0, 2 * Double.pi)
        finish(fill: fill, stroke: stroke, width: width)
    }

    /// The inner lines of a `rows × cols` grid filling `rect`, stroked as one path.
    public func gridLines(_ rect: Rect, rows: Int, cols: Int, _ color: Color, width: Double = 0.75) {
        guard rows > 0, cols > 0 else { return }
        setColor(color)
        setLine(width: width, dash: [])
        for r in 1..<max(1, rows) {
            let y = rect.minY + rect.height * Double(r) / Double(rows)
            cairo_move_to(cr, rect.minX, y)
            cairo_line_to(cr, rect.maxX, y)
        }
        for c in 1..<max(1, cols) {
            let x = rect.minX + rect.width * Double(c) / Double(cols)
            cairo_move_to(cr, x, rect.minY)
            cairo_line_to(cr, x, rect.maxY)
        }
        cairo_stroke(cr)
    }

    /// Diagonal hatching inside `rect`, for cells that are not real data (zero padding).
    public func hatch(_ rect: Rect, _ color: Color, spacing: Double = 5, width: Double = 0.8) {
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        setColor(color)
        setLine(width: width, dash: [])
        var d = -rect.height
        while d < rect.width {
            cairo_move_to(cr, rect.x + d, rect.maxY)
            cairo_line_to(cr, rect.x + d + rect.height, rect.y)
            d += spacing
        }
        cairo_stroke(cr)
        cairo_restore(cr)
    }

    /// Draws a `width × height` raster of colours into `rect`, each cell a sharp-edged block.
    public func pixels(_ colors: [Color], width: Int, height: Int, in rect: Rect) {
        guard width > 0, height > 0, colors.count == width * height else { return }
        let img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        cairo_surface_flush(img)
        let stride = Int(cairo_image_surface_get_stride(img))
        if let data = cairo_image_surface_get_data(img) {
            for y in 0..<height {
                for x in 0..<width {
                    let c = colors[y * width + x]
                    let px = UInt32((c.r * 255).rounded()) << 16 | UInt32((c.g * 255).rounded()) << 8
                        | UInt32((c.b * 255).rounded())
                    (data + y * stride + x * 4).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee = px }
                }
            }
        }
        cairo_surface_mark_dirty(img)
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(width), rect.height / Double(height))
        cairo_set_source_surface(cr, img, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
        cairo_restore(cr)
        cairo_surface_destroy(img)
    }

    /// Runs `body` with drawing clipped to `rect`.
    public func clip(_ rect: Rect, _ body: () -> Void) {
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        body()
        cairo_restore(cr)
    }

    private func setLine(width: Double, dash: [Double]) {
        cairo_set_line_width(cr, width)
        cairo_set_dash(cr, dash, Int32(dash.count), 0)
    }

    private func finish(fill: Color?, stroke: Color?, width: Double) {
        if let fill {
            setColor(fill)
            stroke == nil ? cairo_fill(cr) : cairo_fill_preserve(cr)
        }
        if let stroke {
            setColor(stroke)
            setLine(width: width, dash: [])
            cairo_stroke(cr)
        }
        cairo_new_path(cr)
    }

    // MARK: Output

    /// The picture as PNG bytes, encoded by `PNGEncoder` (no time stamp: equal drawings give
    /// equal bytes).
    /// - Parameter settings: filter and zlib settings; the default is the course's.
    /// - Throws: `RenderError.png` when libpng reports an error.
    public func pngData(settings: PNGEncoder.Settings = .course) throws -> Data {
        try PNGEncoder.encode(surface, settings: settings)
    }

    /// The picture as PNG bytes from Cairo's own encoder: the reference that `pngData()` is
    /// checked against (same decoded pixels) and timed against.
    /// - Throws: `RenderError.cairo` when Cairo reports an error.
    public func cairoPNGData() throws -> Data {
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(surface, ByteSink.write, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError.cairo(operation: "write PNG", status: String(cString: cairo_status_to_string(status)))
        }
        return sink.data
    }

    /// The colour of the device pixel at (`x`, `y`), un-premultiplied; for tests.
    public func pixel(x: Int, y: Int) -> Color {
        cairo_surface_flush(surface)
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight, let data = cairo_image_surface_get_data(surface) else {
            return Color(r: 0, g: 0, b: 0, a: 0)
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        return Color(premultipliedARGB: (data + y * stride + x * 4).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee })
    }
}

/// Collects bytes from Cairo's stream writers (PNG and SVG).
final class ByteSink {
    var data = Data()

    /// The C callback: `closure` is an unretained `ByteSink`.
    static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }
}

extension Color {
    /// A colour from Cairo's native pixel, premultiplied `0xAARRGGBB`.
    init(premultipliedARGB v: UInt32) {
        let a = Double((v >> 24) & 0xFF) / 255
        guard a > 0 else {
            self.init(r: 0, g: 0, b: 0, a: 0)
            return
        }
        self.init(r: Double((v >> 16) & 0xFF) / 255 / a, g: Double((v >> 8) & 0xFF) / 255 / a,
                  b: Double(v & 0xFF) / 255 / a, a: a)
    }
}
