import Basics
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a complete site next to its destination and swaps it into place.
///
///     <parent>/.<name>.building-<pid>   every file is written here first
///     <parent>/<name>           →  <parent>/.<name>.old-<pid>    (rename)
///     .<name>.building-<pid>    →  <parent>/<name>               (rename)
///     .<name>.old-<pid>                                          (deleted)
///
/// Until the second rename the old site is whole; if anything throws before it, the
/// temporary folder is removed and the old site stays as it was. A build that was killed
/// leaves its folders behind; the next build removes them, and if it was killed between the
/// two renames, first puts the old site back.
enum SiteWriter {
    static func write(_ items: [String: OutputItem], cacheKeys: [String: String], shared: [String: String] = [:],
                      to destination: URL) throws -> SiteManifest {
        let fm = FileManager.default
        let destination = destination.standardizedFileURL
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        try createFolder(parent)
        recoverInterruptedBuilds(of: destination)
        try checkReplaceable(destination)

        let pid = ProcessInfo.processInfo.processIdentifier
        let building = parent.appendingPathComponent(".\(name).building-\(pid)")
        let old = parent.appendingPathComponent(".\(name).old-\(pid)")
        try? fm.removeItem(at: building)
        try createFolder(building)

        let manifest: SiteManifest
        let previous = SiteManifest.read(siteAt: destination)
        var state: URL?
        var build = ""
        do {
            var hashes: [String: String] = [:]
            for path in items.keys.sorted() {
                let url = building.appendingPathComponent(path)
                try createFolder(url.deletingLastPathComponent())
                // An unchanged file of the previous site is hard-linked, not copied: the old
                // site is only unlinked after the swap, so both stay whole. link(2) does not
                // follow symlinks: Debian's katex.min.js is one (-> katex.js, which is not
                // shipped), so the link is made to the file it resolves to.
                if case let .copy(source, _) = items[path]!, let hash = previous?.files[path],
                   link(source.resolvingSymlinksInPath().path, url.path) == 0 {
                    hashes[path] = hash
                    continue
                }
                let data = try items[path]!.contents()
                try write(data, to: url)
                hashes[path] = SiteManifest.contentHash(data)
            }
            manifest = SiteManifest(cacheKeys: cacheKeys, files: hashes, shared: shared)
            // The state first, under its build's name, then the marker that names it: a build
            // killed in between leaves a manifest no site names, removed by the next build.
            // The build's name is the content hash of the manifest: encoded once, used thrice.
            let encoded = try manifest.encoded()
            build = SiteManifest.contentHash(encoded)
            let url = SiteLayout.manifest(of: destination, build: build)
            try createFolder(url.deletingLastPathComponent())
            try writeAtomically(encoded, to: url)
            state = url
            try write(SiteManifest.marker(build: build), to: building.appendingPathComponent(SiteLayout.marker))
        } catch {
            try? fm.removeItem(at: building)
            if let state, state != SiteManifest.url(ofSiteAt: destination) { try? fm.removeItem(at: state) }
            throw error
        }

        try swap(building, into: destination, via: old)
        removeStaleState(of: destination, keeping: build)
        return manifest
    }

    /// Deletes the manifests of other builds beside the site (an earlier build's, or one left
    /// by a build killed before its swap).
    private static func removeStaleState(of destination: URL, keeping build: String) {
        let fm = FileManager.default
        let folder = SiteLayout.stateFolder(of: destination)
        let keep = "manifest-\(build).json"
        for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] where name != keep {
            try? fm.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// Removes the folders of builds whose process is gone; restores an old site that was
    /// moved away by a build killed before it moved the new one in.
    static func recoverInterruptedBuilds(of destination: URL) {
        let fm = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        guard let siblings = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for sibling in siblings.sorted() {
            for kind in ["building", "old"] {
                let prefix = ".\(name).\(kind)-"
                guard sibling.hasPrefix(prefix), let pid = Int32(sibling.dropFirst(prefix.count)),
                      kill(pid, 0) != 0, errno == ESRCH else { continue }
                let url = parent.appendingPathComponent(sibling)
                if kind == "old", !fm.fileExists(atPath: destination.path),
                   rename(url.path, destination.path) == 0 {
                    continue
                }
                try? fm.removeItem(at: url)
            }
        }
    }

    /// The destination may be missing, an empty folder or a convwalk site (its marker, or an
    /// earlier convwalk's `.cache/manifest.json`); anything
    /// else might be someone's files.
    private static func checkReplaceable(_ destination: URL) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: destination.path, isDirectory: &isDirectory) else { return }
        let isEmpty = isDirectory.boolValue && ((try? fm.contentsOfDirectory(atPath: destination.path))?.isEmpty ?? false)
        let isSite = fm.fileExists(atPath: destination.appendingPathComponent(SiteLayout.marker).path)
            || fm.fileExists(atPath: destination.appendingPathComponent(SiteLayout.legacyManifest).path)
        guard isDirectory.boolValue, isEmpty || isSite else {
            throw SiteError.destinationNotASite(path: destination.path)
        }
    }

    private static func swap(_ building: URL, into destination: URL, via old: URL) throws {
        let fm = FileManager.default
        let hadOld = fm.fileExists(atPath: destination.path)
        if hadOld {
            try? fm.removeItem(at: old)
            guard rename(destination.path, old.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(at: building)
                throw SiteError.io(operation: "move the previous site away from", path: destination.path, reason: reason)
            }
        }
        guard rename(building.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadOld { _ = rename(old.path, destination.path) }
            try? fm.removeItem(at: building)
            throw SiteError.io(operation: "move the new site into", path: destination.path, reason: reason)
        }
        if hadOld { try? fm.removeItem(at: old) }
    }


    private static func createFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw SiteError.io(operation: "create folder", path: url.path, reason: "\(error)")
        }
    }

    /// Writes `data` to a temporary file beside `url` and renames it into place (`AtomicFile`,
    /// the one atomic writer).
    private static func writeAtomically(_ data: Data, to url: URL) throws {
        do {
            try AtomicFile.write(data, to: url.path)
        } catch let error as FileWriteError {
            throw SiteError.io(operation: "write", path: url.path, reason: error.reason)
        }
    }

    private static func write(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url)
        } catch {
            throw SiteError.io(operation: "write", path: url.path, reason: "\(error)")
        }
    }
}
