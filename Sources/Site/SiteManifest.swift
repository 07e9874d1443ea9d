import Foundation

/// What a build wrote, kept beside the site (`<parent>/.<name>.cache/manifest-<build>.json`,
/// named by the build the site's `.convwalk-site` marker names) so the next build can skip
/// work. It is build state, not part of the site: no page loads it, so it is not published.
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
    /// A caller's image not written because another has the same bytes → that other path,
    /// which the pages name instead (`SharedCopies`); nil when there were none.
    public var shared: [String: String]?

    public init(cacheKeys: [String: String], files: [String: String], shared: [String: String] = [:]) {
        self.format = 1
        self.cacheKeys = cacheKeys
        self.files = files
        self.shared = shared.isEmpty ? nil : shared
    }

    /// Whether the site holds `path`'s bytes: written at that path, or shared with another.
    public func holds(_ path: String) -> Bool { files[path] != nil || shared?[path] != nil }

    /// Where in the site `path`'s bytes are.
    public func location(of path: String) -> String { shared?[path] ?? path }

    /// Reads the manifest of the site in `folder`: the one its marker names (a manifest of
    /// another build, left by a build killed before its swap, is never taken for it), or a site
    /// of an earlier convwalk's `.cache/manifest.json`; nil if there is none or it is unreadable.
    public static func read(siteAt folder: URL) -> SiteManifest? {
        guard let data = FileManager.default.contents(atPath: url(ofSiteAt: folder).path) else { return nil }
        return try? JSONDecoder().decode(SiteManifest.self, from: data)
    }

    /// Where the manifest of the site in `folder` is: beside it under the build its marker
    /// names, or inside it for a site of an earlier convwalk.
    static func url(ofSiteAt folder: URL) -> URL {
        if let build = build(ofSiteAt: folder) { return SiteLayout.manifest(of: folder, build: build) }
        return folder.appendingPathComponent(SiteLayout.legacyManifest)
    }

    /// The build named by the site's `.convwalk-site` marker, or nil without a valid marker.
    static func build(ofSiteAt folder: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(SiteLayout.marker).path),
              let line = String(data: data, encoding: .utf8)?.split(separator: "\n").first else { return nil }
        let words = line.split(separator: " ")
        guard words.count == 3, words[0] == "convwalk", words[1] == "site",
              words[2].count == 16, words[2].allSatisfy({ $0.isHexDigit }) else { return nil }
        return String(words[2])
    }

    /// The marker file's contents for `build` (the content hash of the encoded manifest).
    static func marker(build: String) -> Data { Data("convwalk site \(build)\n".utf8) }

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
