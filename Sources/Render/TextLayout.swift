import CCairo
import Foundation

/// A font for the course's pictures: Noto Sans CJK KR (Latin and Hangul) at a size in points.
public struct Font: Sendable, Equatable, Hashable {
    public var size: Double
    public var bold: Bool
    public var family: String

    public init(size: Double, bold: Bool = false, family: String = Font.defaultFamily) {
        self.size = size
        self.bold = bold
        self.family = family
    }

    /// The family every picture uses; it covers Latin, Greek, maths signs and Hangul.
    public static let defaultFamily = "Noto Sans CJK KR"

    public static let body = Font(size: 13)
    public static let caption = Font(size: 11)
    public static let title = Font(size: 14, bold: true)
}

/// How a text box is placed relative to the point it is drawn at.
public enum HAnchor: Sendable { case left, center, right }
/// `capCenter` centres the digits and capitals (not the whole line box) on the point,
/// which is what numbers in cells and tick labels need.
public enum VAnchor: Sendable { case top, capCenter, baseline, bottom }

/// Measures and draws text with Pango on a Cairo context.
///
/// Figures measure every label before they choose sizes, so nothing overflows; the same
/// font options are used for measuring and drawing (grey antialiasing, no hinting), which
/// keeps measurements independent of the device scale and the output byte-identical.
enum Typesetter {
    /// Fixed font options so the machine's fontconfig settings cannot change the pixels.
    static func applyFontOptions(_ cr: OpaquePointer) {
        let options = cairo_font_options_create()
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
    }

    /// A Pango layout for `text` on `cr`; the caller unrefs it.
    static func layout(_ cr: OpaquePointer, _ text: String, _ font: Font, wrapWidth: Double?,
                       alignment: HAnchor = .left) -> OpaquePointer {
        let layout = pango_cairo_create_layout(cr)!
        let options = cairo_font_options_create()
        cairo_get_font_options(cr, options)
        pango_cairo_context_set_font_options(pango_layout_get_context(layout), options)
        cairo_font_options_destroy(options)
        pango_layout_context_changed(layout)
        let desc = pango_font_description_new()
        pango_font_description_set_family(desc, font.family)
        pango_font_description_set_weight(desc, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_absolute_size(desc, font.size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
        if let wrapWidth {
            pango_layout_set_width(layout, Int32(wrapWidth * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_text(layout, text, -1)
        return layout
    }

    /// The logical size of the laid-out text and the distance from its top to the first baseline.
    static func metrics(_ layout: OpaquePointer) -> (size: Size, baseline: Double) {
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        let s = Double(PANGO_SCALE)
        return (Size(Double(logical.width) / s, Double(logical.height) / s),
                Double(pango_layout_get_baseline(layout)) / s)
    }

    static func release(_ layout: OpaquePointer) { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// The height of digits and capitals above the baseline, as a fraction of the font size.
    static let capHeight = 0.73
}

/// Measures text before a canvas exists, with the same settings the canvas draws with.
public final class TextMeasurer {
    private let surface: OpaquePointer
    private let cr: OpaquePointer

    public init() {
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        cr = cairo_create(surface)
        Typesetter.applyFontOptions(cr)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// The size `text` takes in `font`, wrapped at `wrapWidth` points when given.
    public func size(_ text: String, _ font: Font, wrapWidth: Double? = nil) -> Size {
        let layout = Typesetter.layout(cr, text, font, wrapWidth: wrapWidth)
        defer { Typesetter.release(layout) }
        return Typesetter.metrics(layout).size
    }

    /// How many characters of `text` the font cannot draw (shown as boxes, "tofu").
    public func missingGlyphs(_ text: String, _ font: Font) -> Int {
        let layout = Typesetter.layout(cr, text, font, wrapWidth: nil)
        defer { Typesetter.release(layout) }
        return Int(pango_layout_get_unknown_glyphs_count(layout))
    }

    /// The width of `text` on one line (remembered: grids measure the same numbers often).
    public func width(_ text: String, _ font: Font) -> Double {
        let key = WidthKey(text: text, font: font)
        if let w = widths[key] { return w }
        let w = size(text, font).width
        widths[key] = w
        return w
    }

    private struct WidthKey: Hashable {
        var text: String
        var font: Font
    }

    private var widths: [WidthKey: Double] = [:]

    /// The height of one line of `font`.
    public func lineHeight(_ font: Font) -> Double { size("Ag", font).height }
}

extension Canvas {
    /// Draws `text` with its box anchored at `point`; returns the box it occupies.
    @discardableResult
    public func text(_ text: String, at point: Point, font: Font, color: Color = .ink,
                     h: HAnchor = .left, v: VAnchor = .top, wrapWidth: Double? = nil) -> Rect {
        let layout = Typesetter.layout(cr, text, font, wrapWidth: wrapWidth, alignment: h)
        defer { Typesetter.release(layout) }
        let (size, baseline) = Typesetter.metrics(layout)
        let boxWidth = wrapWidth ?? size.width
        let x: Double
        switch h {
        case .left: x = point.x
        case .center: x = point.x - boxWidth / 2
        case .right: x = point.x - boxWidth
        }
        let y: Double
        switch v {
        case .top: y = point.y
        case .baseline: y = point.y - baseline
        case .capCenter: y = point.y - baseline + font.size * Typesetter.capHeight / 2
        case .bottom: y = point.y - size.height
        }
        setColor(color)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout)
        cairo_new_path(cr)
        noteTextSize(font.size, text: text)
        return Rect(x: x, y: y, width: boxWidth, height: size.height)
    }

    /// Draws `text` rotated a quarter turn anticlockwise (reading upwards), centred on `center`.
    public func verticalText(_ text: String, center: Point, font: Font, color: Color = .ink) {
        cairo_save(cr)
        cairo_translate(cr, center.x, center.y)
        cairo_rotate(cr, -Double.pi / 2)
        self.text(text, at: Point(0, 0), font: font, color: color, h: .center, v: .capCenter)
        cairo_restore(cr)
    }
}
