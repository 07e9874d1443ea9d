/// Stride, zero padding and dilation of a 2-D convolution, per axis (height, width).
public struct Conv2DOptions: Equatable, Hashable, Sendable, Codable {
    public var strideH: Int, strideW: Int
    public var padH: Int, padW: Int
    public var dilationH: Int, dilationW: Int

    /// The same stride, padding and dilation along both axes.
    public init(stride: Int = 1, padding: Int = 0, dilation: Int = 1) {
        self.init(strideH: stride, strideW: stride, padH: padding, padW: padding,
                  dilationH: dilation, dilationW: dilation)
    }

    /// Separate settings for the height and width axes.
    public init(strideH: Int, strideW: Int, padH: Int = 0, padW: Int = 0,
                dilationH: Int = 1, dilationW: Int = 1) {
        self.strideH = strideH; self.strideW = strideW
        self.padH = padH; self.padW = padW
        self.dilationH = dilationH; self.dilationW = dilationW
    }

    /// Options with "same" padding for a stride-1 kernel of the given size.
    /// - Throws: `TensorError` when an effective kernel extent is even.
    public static func same(kernelH: Int, kernelW: Int, dilation: Int = 1) throws -> Conv2DOptions {
        Conv2DOptions(strideH: 1, strideW: 1,
                      padH: try samePadding(kernel: kernelH, dilation: dilation),
                      padW: try samePadding(kernel: kernelW, dilation: dilation),
                      dilationH: dilation, dilationW: dilation)
    }

    /// The padding as the messages print it: `1` or `1x2`.
    var paddingDescription: String { padH == padW ? "\(padH)" : "\(padH)x\(padW)" }
}
