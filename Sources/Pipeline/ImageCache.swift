import Foundation
import Render
import Site

/// The images of a build, by site-relative path, with what pages need to show them and what
/// the next build needs to reuse them.
struct RenderedFiles {
    var files: [String: SiteFile] = [:]
    var sizes: [String: RenderedSize] = [:]
    var cacheKeys: [String: String] = [:]
    /// Images drawn in this build.
    var rendered = 0
    /// Images reused from the previous build.
    var reused = 0

    mutating func merge(_ other: RenderedFiles) {
        files.merge(other.files) { $1 }
        sizes.merge(other.sizes) { $1 }
        cacheKeys.merge(other.cacheKeys) { $1 }
        rendered += other.rendered
        reused += other.reused
    }
}

/// One folder of images to draw, or to reuse when its key matches the previous build's.
struct ImageJob {
    /// Site-relative folder, e.g. `figures/en/convolution/conv-3x3`.
    var folder: String
    /// Changes whenever anything drawn in the folder could change.
    var key: String
    /// What a failure is reported as (`file:line: id`).
    var origin: String
    /// Draws the folder's images, keyed by site-relative path.
    var draw: @Sendable () throws -> [String: RenderedImage]
}

/// Draws image folders on all cores, reusing every folder whose key is unchanged since the
/// previous build (its files are then copied from the old site, not drawn again).
enum ImageCache {
    static func run(_ jobs: [ImageJob], previous: SiteManifest?) throws -> RenderedFiles {
        let results = UnsafeResults(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            results.set(i, Result { try one(jobs[i], previous: previous) })
        }
        var out = RenderedFiles()
        for (i, result) in results.all.enumerated() {
            switch result {
            case .success(let files): out.merge(files)
            case .failure(let error): throw BuildError(step: "render", ["\(jobs[i].origin): \(error)"])
            case nil: throw BuildError(step: "render", ["\(jobs[i].origin): not drawn"])
            }
        }
        return out
    }

    static func one(_ job: ImageJob, previous: SiteManifest?) throws -> RenderedFiles {
        var out = RenderedFiles()
        out.cacheKeys["fig:\(job.folder)"] = job.key
        if let old = previous, old.cacheKeys["fig:\(job.folder)"] == job.key,
           let meta = FigureCache.decode(old.cacheKeys["figmeta:\(job.folder)"]), meta.keys.allSatisfy({ old.holds($0) }) {
            for (path, size) in meta {
                out.files[path] = .previousBuild
                out.sizes[path] = size
            }
            out.reused = meta.count
        } else {
            for (path, image) in try job.draw() {
                out.files[path] = .bytes(try PNGPalette.indexed(image.png).png)
                out.sizes[path] = RenderedSize(width: image.width / max(image.scale, 1), height: image.height / max(image.scale, 1),
                                               alt: image.alt, textSize: image.smallestText)
            }
            out.rendered = out.sizes.count
        }
        out.cacheKeys["figmeta:\(job.folder)"] = FigureCache.encode(out.sizes)
        return out
    }
}

/// Results written from `concurrentPerform`'s threads, one slot each, read after it returns.
private final class UnsafeResults: @unchecked Sendable {
    private var slots: [Result<RenderedFiles, Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: Result<RenderedFiles, Error>) {
        lock.lock()
        slots[i] = r
        lock.unlock()
    }

    var all: [Result<RenderedFiles, Error>?] { slots }
}
