import Foundation

/// What a build wrote, kept in `.cache/manifest.json` so the next build can skip work.
///
/// Incremental builds: before building, read the manifest of the site at the destination.
/// If a cache key you stored there still matches (e.g. the hash of a lesson's source and the
/// model weights), pass that lesson's PNGs as `SiteFile.previousBuild` instead of rendering
/// them again; the builder copies them over from the old site. HTML itself is cheap and is
/// always rendered.
public struct SiteManifest: Codable, Equatable, Sendable {
    /// Format version of this file.
    public var format: Int
    /// The caller's `SiteModel.cacheKeys`, returned as they were given.
    public var cacheKeys: [String: String]
    /// Site-relative path → content hash (FNV-1a 64, hex) of every file written.
    public var files: [String: String]

    public init(cacheKeys: [String: String], files: [String: String]) {
        self.format = 1
        self.cacheKeys = cacheKeys
        self.files = files
    }

    /// Reads the manifest of the site in `folder`, or nil if there is none or it is unreadable.
    public static func read(siteAt folder: URL) -> SiteManifest? {
        let url = folder.appendingPathComponent(SiteLayout.manifest)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(SiteManifest.self, from: data)
    }

    /// The manifest as deterministic JSON (sorted keys, trailing newline).
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// A fast, non-cryptographic content hash (FNV-1a, 64 bits) for change detection.
    public static func contentHash(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
