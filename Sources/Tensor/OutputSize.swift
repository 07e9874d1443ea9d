import KernelCore

/// The size of a convolution's (or pooling's) output along one axis:
/// ⌊(I + 2P − D(F − 1) − 1) / S⌋ + 1.
///
/// With dilation 1 this is the lessons' ⌊(I − F + 2P) / S⌋ + 1.
/// - Parameters:
///   - input: the input extent I (≥ 1).
///   - kernel: the kernel extent F (≥ 1).
///   - padding: zero padding P on each side (≥ 0).
///   - stride: the step S between windows (≥ 1).
///   - dilation: the gap D between kernel taps (≥ 1); the kernel spans D(F − 1) + 1 cells.
/// - Throws: `TensorError` (op `conv2d`) when an argument is out of range or the kernel does
///   not fit the padded input.
public func convOutputSize(input: Int, kernel: Int, padding: Int = 0, stride: Int = 1,
                           dilation: Int = 1, op: String = "conv2d") throws -> Int {
    // The checks and their words are KernelCore's, shared with the in-page WebAssembly engine.
    let o = Geometry.outputSize(input: input, kernel: kernel, padding: padding, stride: stride, dilation: dilation)
    if let message = o.error { throw TensorError(op: op, message) }
    return o.size
}

/// The padding that keeps a stride-1 convolution's output the size of its input ("same").
///
/// - Throws: `TensorError` when the effective kernel D(F − 1) + 1 is even, since no
///   symmetric padding then keeps the size.
public func samePadding(kernel: Int, dilation: Int = 1) throws -> Int {
    let p = Geometry.samePadding(kernel: kernel, dilation: dilation)
    if let message = p.error { throw TensorError(op: "samePadding", message) }
    return p.size
}
