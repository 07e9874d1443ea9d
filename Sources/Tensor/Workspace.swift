import Foundation

/// Scratch memory for one kernel call: every chunk of a batch gets its own slice, so the
/// inner loops never allocate. Buffers go back to a small pool when the call ends and the
/// next call of a similar size reuses them, so a training loop does not pay for fresh
/// pages (and their page faults) on every step.
struct Workspace: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    let capacity: Int

    /// A buffer of at least `count` floats, from the pool when one is big enough.
    init(count: Int) {
        let need = max(1, count)
        if let reused = WorkspacePool.shared.take(atLeast: need) {
            self = reused
        } else {
            base = .allocate(capacity: need)
            capacity = need
        }
    }

    private init(base: UnsafeMutablePointer<Float>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// Returns the buffer to the pool (or frees it when the pool is full).
    func free() { WorkspacePool.shared.give(self) }

    fileprivate static func wrap(_ base: UnsafeMutablePointer<Float>, _ capacity: Int) -> Workspace {
        Workspace(base: base, capacity: capacity)
    }
}

/// The idle buffers, smallest first; at most `limit` are kept.
private final class WorkspacePool: @unchecked Sendable {
    static let shared = WorkspacePool()
    private let lock = NSLock()
    private var idle: [(base: UnsafeMutablePointer<Float>, capacity: Int)] = []
    private let limit = 8

    func take(atLeast count: Int) -> Workspace? {
        lock.lock()
        defer { lock.unlock() }
        guard let i = idle.firstIndex(where: { $0.capacity >= count }) else { return nil }
        let b = idle.remove(at: i)
        return Workspace.wrap(b.base, b.capacity)
    }

    func give(_ w: Workspace) {
        lock.lock()
        defer { lock.unlock() }
        idle.append((w.base, w.capacity))
        idle.sort { $0.capacity < $1.capacity }
        if idle.count > limit {
            // Drop the smallest: large buffers are the expensive ones to fault in again.
            idle.removeFirst().base.deallocate()
        }
    }
}

/// Any buffer handed to the chunks of `Parallelism.run`: read by all, or written in disjoint
/// parts (NN's optimizers use it too).
public struct SharedPointer<Element>: @unchecked Sendable {
    public let p: UnsafeMutablePointer<Element>

    public init(_ p: UnsafeMutablePointer<Element>) { self.p = p }
    public init(reading p: UnsafePointer<Element>) { self.p = UnsafeMutablePointer(mutating: p) }
}
