import Foundation

/// Polls a folder (the lessons of `convwalk serve`) and calls `onChange` when a file in it is
/// added, removed, resized or touched. Polling, not inotify: it works the same on every system
/// and every file system, and a lessons folder is small.
public final class FolderWatch: @unchecked Sendable {
    private let folder: String
    private let interval: TimeInterval
    private let onChange: @Sendable () -> Void
    private let lock = NSLock()
    private var stopped = false

    /// - Parameters:
    ///   - interval: seconds between two looks at the folder.
    ///   - onChange: called on the watcher's thread, once per look that saw a change.
    public init(_ folder: String, interval: TimeInterval = 1, onChange: @escaping @Sendable () -> Void) {
        self.folder = folder
        self.interval = interval
        self.onChange = onChange
    }

    /// Starts watching on a thread of its own, from the folder as it is now.
    public func start() {
        let first = Self.signature(folder)
        Thread { [self] in
            var seen = first
            while true {
                Thread.sleep(forTimeInterval: interval)
                if isStopped { return }
                let now = Self.signature(folder)
                if now != seen {
                    seen = now
                    onChange()
                }
            }
        }.start()
    }

    /// Stops the watcher after its current look.
    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// What the folder looks like to the poller: every file below it (sorted) with its size and
    /// modification time; empty for a folder that does not exist.
    public static func signature(_ folder: String) -> [String] {
        let fm = FileManager.default
        guard let files = fm.enumerator(atPath: folder) else { return [] }
        return files.compactMap { $0 as? String }.sorted().map { path in
            let a = try? fm.attributesOfItem(atPath: "\(folder)/\(path)")
            let date = (a?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(path) \(a?[.size] as? Int ?? -1) \(date)"
        }
    }
}
