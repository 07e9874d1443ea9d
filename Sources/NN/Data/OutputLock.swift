import Basics
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One writer at a time for an output folder (a site, a run): `build`, `serve`, `train` and
/// `import` hold this lock while they write, so two of them never mix their files.
///
/// The lock is `flock(2)` on a hidden file beside the folder (`.output.lock` for `output/`),
/// so it is released by the kernel when its holder exits or is killed: there is no stale lock
/// to clean up. The file holds the holder's process id and command, to say who is writing.
public final class OutputLock {
    private let fd: Int32
    /// The lock file, `.NAME.lock` beside the folder.
    public let path: String

    /// Takes the lock for `folder`, waiting while another process holds it.
    /// - Parameters:
    ///   - command: what this process is doing ("convwalk build"), shown to a second writer.
    ///   - waiting: called once, with a sentence naming the holder, before waiting.
    /// - Throws: `FileWriteError` when the lock file cannot be created.
    public init(folder: String, command: String, waiting: (String) -> Void = { _ in }) throws {
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = url.deletingLastPathComponent().path
        path = (parent as NSString).appendingPathComponent(".\(url.lastPathComponent).lock")
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: parent, reason: "cannot create the folder")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, errno: errno) }
        self.fd = fd
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            waiting("\(folder) is being written by \(holder.isEmpty ? "another process" : holder); waiting for it to finish")
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let e = errno
                    close(fd)
                    throw FileWriteError(path: path, errno: e)
                }
            }
        }
        let me = "\(command) (pid \(getpid()))\n"
        _ = ftruncate(fd, 0)
        _ = me.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit { close(fd) }
}
