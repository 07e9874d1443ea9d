/// The dense matrix C of a single-channel convolution, so that conv(x) = C · x when the
/// image x: [H, W] is read as a column of H·W numbers (row-major).
///
/// Row r belongs to output cell (r / OW, r % OW) and holds the kernel's weights at the
/// columns of the pixels its window covers, zeros elsewhere: a 2x2 kernel on a 3x3 image
/// gives a 4x9 matrix. Its transpose Cᵀ is the transposed convolution (and the gradient
/// of the convolution with respect to x).
/// Shape contract: kernel: [KH, KW] → [OH*OW, H*W].
/// - Throws: `TensorError` (op `convolutionMatrix`) for a kernel that is not rank 2, bad
///   options, or a kernel that does not fit.
public func convolutionMatrix(height: Int, width: Int, kernel: Tensor,
                              _ o: Conv2DOptions = Conv2DOptions()) throws -> Tensor {
    guard kernel.rank == 2 else {
        throw TensorError(op: "convolutionMatrix", "kernel must be rank 2 [KH, KW], got \(Tensor.describe(kernel.shape))")
    }
    let g = try ConvGeometry(op: "convolutionMatrix", n: 1, c: 1, h: height, w: width,
                             f: 1, kh: kernel.shape[0], kw: kernel.shape[1], o)
    var m = Tensor(shape: [g.outPlane, height * width])
    g.forEachTap { _, _, oh, ow, _, i, j, ih, iw in
        m[oh * g.ow + ow, ih * width + iw] = kernel[i, j]
    }
    return m
}
