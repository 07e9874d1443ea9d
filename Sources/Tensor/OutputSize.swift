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
    guard input >= 1 else { throw TensorError(op: op, "input size must be at least 1, got \(input)") }
    guard kernel >= 1 else { throw TensorError(op: op, "kernel size must be at least 1, got \(kernel)") }
    guard stride >= 1 else { throw TensorError(op: op, "stride must be at least 1, got \(stride)") }
    guard padding >= 0 else { throw TensorError(op: op, "padding must not be negative, got \(padding)") }
    guard dilation >= 1 else { throw TensorError(op: op, "dilation must be at least 1, got \(dilation)") }
    let span = dilation * (kernel - 1) + 1
    guard span <= input + 2 * padding else {
        let what = dilation == 1 ? "kernel \(kernel)" : "kernel \(kernel) (dilation \(dilation), spanning \(span))"
        throw TensorError(op: op, "\(what) does not fit input \(input) with padding \(padding)")
    }
    return (input + 2 * padding - span) / stride + 1
}

/// The padding that keeps a stride-1 convolution's output the size of its input ("same").
///
/// - Throws: `TensorError` when the effective kernel D(F − 1) + 1 is even, since no
///   symmetric padding then keeps the size.
public func samePadding(kernel: Int, dilation: Int = 1) throws -> Int {
    guard kernel >= 1, dilation >= 1 else {
        throw TensorError(op: "samePadding", "kernel and dilation must be at least 1, got kernel \(kernel), dilation \(dilation)")
    }
    let span = dilation * (kernel - 1) + 1
    guard span % 2 == 1 else {
        throw TensorError(op: "samePadding", "effective kernel \(span) is even; no symmetric padding keeps the size")
    }
    return (span - 1) / 2
}
