import Foundation

/// Finds the repository's own folders (`data/`, `models/`, `bench/`) from the current
/// directory upwards, so that commands work from the repository root or any folder in it.
public enum RepositoryPath {
    /// The first `<dir>/<relative>` where `<dir>/<relative>/<marker>` exists, for `<dir>` the
    /// current directory and up to seven of its parents; nil when there is none.
    public static func find(_ relative: String, containing marker: String) -> String? {
        var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(marker).path) {
                return candidate.path
            }
            dir.deleteLastPathComponent()
        }
        return nil
    }
}
