import Foundation

/// Finds the repository's own folders (`data/`, `models/`, `bench/`) from the current
/// directory upwards, else from the running executable's folder upwards
/// (`.build/release/convwalk` in a checkout), so that commands work from anywhere in it.
public enum RepositoryPath {
    /// The first `<dir>/<relative>` where `<dir>/<relative>/<marker>` exists, for `<dir>` the
    /// current directory or one of its seven nearest parents, then the same from the
    /// executable's folder; nil when there is none.
    public static func find(_ relative: String, containing marker: String) -> String? {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for start in [URL(fileURLWithPath: FileManager.default.currentDirectoryPath), executable] {
            var dir = start
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent(relative)
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(marker).path) {
                    return candidate.path
                }
                dir.deleteLastPathComponent()
            }
        }
        return nil
    }
}
