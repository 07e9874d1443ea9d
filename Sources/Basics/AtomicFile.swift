import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files the way every output in convwalk is written: to a temporary file beside
/// the target, then renamed into place.
public enum AtomicFile {
    /// Writes `data` to `path` through a temporary file and a rename. A temporary left by
    /// an earlier writer that was killed (its process no longer exists) is removed first.
    /// - Throws: `FileWriteError` with the system's reason (disk full, read-only, not a folder).
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        removeStaleTemporaries(of: url)
        // The process id lets a later writer tell a dead writer's leftover from a live one's;
        // the sequence number keeps two threads writing the same path apart.
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(nextSequence()).tmp")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, errno: errno) }
        var failure: Int32 = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var done = 0
            while done < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                done += n
            }
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temp.path, url.path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temp.path)
            throw FileWriteError(path: path, errno: failure)
        }
    }

    private static let sequenceLock = NSLock()
    nonisolated(unsafe) private static var sequence = 0

    private static func nextSequence() -> Int {
        sequenceLock.lock()
        defer { sequenceLock.unlock() }
        sequence += 1
        return sequence
    }

    /// `write(2)`, which `AtomicFile.write` hides.
    private static func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, bytes, count)
        #else
        return Darwin.write(fd, bytes, count)
        #endif
    }

    /// Deletes `.NAME.PID.tmp` files beside `url` whose process is gone: what a SIGKILL
    /// between writing and renaming leaves. A live writer's temporary is left alone.
    public static func removeStaleTemporaries(of url: URL) {
        let dir = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent)."
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let middle = entry.dropFirst(prefix.count).dropLast(4)  // PID.SEQ (or PID, from older writers)
            guard let pid = Int32(middle.prefix { $0 != "." }), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: (dir as NSString).appendingPathComponent(entry))
        }
    }
}

/// A file or folder that could not be written, with the system's reason in words
/// ("No space left on device", "Read-only file system", "Not a directory").
public struct FileWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The reason for a failed system call, from `errno`.
    public init(path: String, errno code: Int32) {
        self.init(path: path, reason: String(cString: strerror(code)))
    }

    public var description: String { "\(path): cannot write: \(reason)" }
}
