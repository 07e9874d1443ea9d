#if canImport(Glibc)
import Glibc
#endif

/// Keeps freed kernel buffers in the process for the next batch.
///
/// Every Tensor kernel returns a fresh array, and a batch's feature maps are megabytes. By
/// default glibc serves such blocks with mmap and hands them back to the kernel when freed,
/// so the next batch faults the same pages in again, zero-filled: in a 15-epoch LeNet-5 run
/// that page zeroing was about a fifth of the CPU time (8 s of system time next to 28 s of
/// user time). Raising the mmap and trim thresholds keeps those blocks in the heap.
enum MemoryReuse {
    private static let configured: Void = {
        #if canImport(Glibc)
        // <malloc.h> is not in Swift's Glibc module, so mallopt is looked up by name; the
        // option numbers are glibc's ABI (M_TRIM_THRESHOLD −1, M_MMAP_THRESHOLD −3).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 512 << 20)
        _ = mallopt(-1, 1 << 30)
        #endif
    }()

    /// Applies the setting once per process; later calls do nothing.
    static func enable() { _ = configured }
}
