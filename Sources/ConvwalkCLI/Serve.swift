import ArgumentParser
import Foundation
import NN
import Pipeline
import Preview

/// `convwalk serve`: builds the site, serves it on 127.0.0.1, rebuilds when a lesson changes
/// and makes open pages reload themselves.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site, serve it on http://127.0.0.1:PORT, and rebuild and reload the pages when a lesson changes.",
        discussion: """
        Lessons are polled for changes once a second. Served HTML pages (not the files on disk) get \
        a small script that asks /__version every second and reloads when a build has finished. \
        A failed rebuild is reported here and the last good site stays up; a failed first build \
        ends the command with its error.
        """)

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port = 8000
    /// Every option of `convwalk build`.
    @OptionGroup var site: SiteOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535, got \(port)") }
    }

    func run() throws {
        let server = PreviewServer(root: site.output)
        // With no good build there is nothing to serve: stop with the error instead of waiting.
        guard rebuild(server) else { throw ExitCode.failure }
        let bound = try server.listen(port: UInt16(port))
        Console.out("serving \(site.output) on http://127.0.0.1:\(bound)/ (Ctrl-C stops)")
        FolderWatch(site.lessons.path) { rebuild(server) }.start()
        server.serveForever()
    }

    /// Builds the site; returns whether the build succeeded (its error is printed).
    @discardableResult
    private func rebuild(_ server: PreviewServer) -> Bool {
        let start = Date()
        do {
            let summary = try CourseBuild.run(site.buildOptions) { _ in }
            server.bumpVersion()
            Console.out(String(format: "built %ld lessons in %.1f s; pages reload", summary.lessons, Date().timeIntervalSince(start)))
            return true
        } catch {
            Console.err(Console.red("error: ") + ErrorWords.describe(error))
            return false
        }
    }
}
