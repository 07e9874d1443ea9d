import Foundation

/// Swapping a finished folder into place: a whole site, run or course is written into a staging
/// folder beside its destination, then renamed in. The folder at the destination is at every
/// moment either the old one or the new one, never half of each (`AtomicFile` does the same
/// for one file).
public enum AtomicFolder {
    /// Moves `staging` to `folder`, replacing what was there: the old folder is renamed to
    /// `aside` first (by default `.NAME.old-PID` beside it) and removed last.
    /// - Throws: `FolderSwapError` naming the rename that failed; the old folder is put back,
    ///   and `staging` is left for the caller to remove.
    public static func replace(_ folder: String, with staging: String, aside: String? = nil) throws {
        let url = URL(fileURLWithPath: folder)
        let aside = aside ?? url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).old-\(getpid())").path
        let hadOld = FileManager.default.fileExists(atPath: folder)
        if hadOld {
            try? FileManager.default.removeItem(atPath: aside)
            guard rename(folder, aside) == 0 else {
                throw FolderSwapError(step: .moveOldAside, path: folder, errno: errno)
            }
        }
        guard rename(staging, folder) == 0 else {
            let code = errno
            if hadOld { _ = rename(aside, folder) }
            throw FolderSwapError(step: .moveNewIn, path: folder, errno: code)
        }
        if hadOld { try? FileManager.default.removeItem(atPath: aside) }
    }
}

/// A folder swap that failed, with the step and the system's reason in words.
public struct FolderSwapError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Step: Sendable, Equatable {
        /// Renaming the previous folder aside.
        case moveOldAside
        /// Renaming the finished folder into place.
        case moveNewIn
    }

    public var step: Step
    public var path: String
    public var reason: String

    public init(step: Step, path: String, errno code: Int32) {
        self.step = step
        self.path = path
        self.reason = String(cString: strerror(code))
    }

    public var description: String {
        switch step {
        case .moveOldAside: return "\(path): cannot move the previous folder aside: \(reason)"
        case .moveNewIn: return "\(path): cannot move the new folder into place: \(reason)"
        }
    }
}
