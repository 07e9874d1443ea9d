import CWorkers
import Foundation

/// How many cores the fast kernels split a batch across.
///
/// Each kernel cuts its batch into `threads` contiguous chunks and reduces per-chunk partial
/// sums (weight and bias gradients) in chunk order, so results are bit-for-bit repeatable
/// for a given thread count. The default is the number of active cores.
public enum Parallelism {
    private final class Setting: @unchecked Sendable {
        let lock = NSLock()
        var value = max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
    private static let setting = Setting()

    /// The number of chunks a batch is split into (at least 1).
    public static var threads: Int {
        get { setting.lock.lock(); defer { setting.lock.unlock() }; return setting.value }
        set { setting.lock.lock(); setting.value = max(1, newValue); setting.lock.unlock() }
    }

    /// The half-open ranges of `0..<count` that chunk `t` of `chunks` handles.
    public static func chunk(_ t: Int, of chunks: Int, count: Int) -> Range<Int> {
        (t * count / chunks)..<((t + 1) * count / chunks)
    }

    /// How many chunks a batch of `count` items is split into: `threads`, but never more
    /// chunks than items.
    public static func chunks(for count: Int) -> Int { max(1, min(threads, count)) }

    /// Like `chunks(for:)`, but a single chunk when the whole job is under `work` ≈ 2¹⁵
    /// element operations, where waking another core costs more than it saves.
    public static func chunks(for count: Int, work: Int) -> Int { work < 1 << 15 ? 1 : chunks(for: count) }

    /// Runs `body(chunkIndex, range)` for each of `chunks` chunks of `0..<count`, on
    /// separate cores when there is more than one chunk.
    ///
    /// `body` must write only its own chunk's part of any shared buffer; results then do not
    /// depend on which thread runs which chunk.
    public static func run(chunks: Int, count: Int, _ body: (Int, Range<Int>) -> Void) {
        if chunks <= 1 {
            body(0, 0..<count)
            return
        }
        // The chunks write disjoint parts of their buffers, which is what makes handing the
        // non-Sendable body to other threads sound.
        withoutActuallyEscaping(body) { body in
            var task = UncheckedBody(run: body, chunks: chunks, count: count)
            // The persistent workers first (CWorkers): no thread wake-up per call while they
            // spin. They decline nested or concurrent jobs and more chunks than cores.
            if chunks <= cores {
                let ran = withUnsafeMutablePointer(to: &task) { task in
                    cw_workers_run(Int32(chunks), { context, t in
                        context!.assumingMemoryBound(to: UncheckedBody.self).pointee.run(Int(t))
                    }, task)
                }
                if ran != 0 { return }
            }
            DispatchQueue.concurrentPerform(iterations: chunks) { [task] t in task.run(t) }
        }
    }

    /// The machine's active cores, read once.
    private static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
}

extension Parallelism {
    /// `items.map(transform)` with the items spread over all cores (not `threads`: this is
    /// for independent jobs such as lessons or pictures, not a kernel's batch). The order of
    /// the results is the order of the items. `transform` must not touch shared mutable state.
    public static func map<T, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
        guard items.count > 1, ProcessInfo.processInfo.activeProcessorCount > 1 else { return items.map(transform) }
        let slots = UnsafeMutablePointer<R?>.allocate(capacity: items.count)
        slots.initialize(repeating: nil, count: items.count)
        defer { slots.deinitialize(count: items.count); slots.deallocate() }
        withoutActuallyEscaping(transform) { transform in
            // Each iteration writes its own slot only.
            let job = UncheckedMap(items: items, transform: transform, slots: slots)
            DispatchQueue.concurrentPerform(iterations: items.count) { i in job.run(i) }
        }
        return (0..<items.count).map { slots[$0]! }
    }
}

private struct UncheckedMap<T, R>: @unchecked Sendable {
    let items: [T]
    let transform: (T) -> R
    let slots: UnsafeMutablePointer<R?>
    func run(_ i: Int) { slots[i] = transform(items[i]) }
}

private struct UncheckedBody: @unchecked Sendable {
    let body: (Int, Range<Int>) -> Void
    let chunks: Int
    let count: Int
    init(run: @escaping (Int, Range<Int>) -> Void, chunks: Int, count: Int) {
        (body, self.chunks, self.count) = (run, chunks, count)
    }
    /// Runs chunk `t` of the job.
    func run(_ t: Int) { body(t, Parallelism.chunk(t, of: chunks, count: count)) }
}
