/// A colour map: values in 0...1 to colours, by linear interpolation between stops.
public struct ColorMap: Sendable, Equatable {
    /// The colours at evenly spaced positions from 0 to 1.
    public var stops: [Color]
    /// Whether the map is centred on zero (signed data).
    public var isDiverging: Bool

    public init(stops: [Color], isDiverging: Bool = false) {
        precondition(stops.count >= 2, "a colour map needs two stops")
        self.stops = stops
        self.isDiverging = isDiverging
    }

    /// The colour at `t` (clamped to 0...1).
    public func color(at t: Double) -> Color {
        let t = t.isNaN ? 0 : min(1, max(0, t))
        let pos = t * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(pos))
        return stops[i].mixed(with: stops[i + 1], pos - Double(i))
    }

    /// Perceptually uniform, dark purple to yellow; readable in grey and for colour-blind readers.
    public static let viridis = ColorMap(stops: [
        0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C,
        0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725,
    ].map { Color(hex: $0) })

    /// Black to white, for images (MNIST digits, feature maps of images).
    public static let grey = ColorMap(stops: [.black, .white])

    /// Blue – white – red (Paul Tol's BuRd), for signed values such as weights and gradients.
    public static let diverging = ColorMap(stops: [
        0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B,
    ].map { Color(hex: $0) }, isDiverging: true)

    /// White to dark blue, for counts (confusion matrices).
    public static let blues = ColorMap(stops: [
        0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B,
    ].map { Color(hex: $0) })
}

/// How data values map onto 0...1 for a colour map.
public struct ValueScale: Sendable, Equatable {
    public var low: Float
    public var high: Float

    public init(low: Float, high: Float) {
        self.low = low
        self.high = high
    }

    /// The range of `values`, or symmetric about zero (±max|v|) for a diverging map.
    public init(fitting values: [Float], symmetric: Bool) {
        let finite = values.filter { $0.isFinite }
        let lo = finite.min() ?? 0, hi = finite.max() ?? 0
        if symmetric {
            let m = max(abs(lo), abs(hi))
            self.init(low: -m, high: m)
        } else {
            self.init(low: lo, high: hi)
        }
    }

    /// `v` mapped to 0...1; the middle (0.5) when the range is empty.
    public func normalized(_ v: Float) -> Double {
        guard high > low else { return 0.5 }
        return Double((v - low) / (high - low))
    }
}
