/// Scratch memory for one kernel call: every chunk of a batch gets its own slice, so the
/// inner loops never allocate.
struct Workspace: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>

    init(count: Int) {
        base = .allocate(capacity: max(1, count))
    }

    func free() { base.deallocate() }
}

/// A pointer handed to the chunks of a parallel loop; each chunk writes a disjoint part.
struct Shared: @unchecked Sendable {
    let optional: UnsafeMutablePointer<Float>?
    var p: UnsafeMutablePointer<Float> { optional! }

    init(_ p: UnsafeMutablePointer<Float>?) { optional = p }
}
