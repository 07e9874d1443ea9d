import ArgumentParser
import Foundation
import Pipeline

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
    @Option(help: "The lessons folder.")
    var lessons = "lessons"
    @Option(name: .shortAndLong, help: "The site folder.")
    var output = "output"
    @Flag(help: "Leave out the pages of the trained demo networks (faster rebuilds).")
    var noDemos = false
    @Option(help: "Folder of trained runs for the demo pages.")
    var runs = "runs"

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535, got \(port)") }
    }

    func run() throws {
        let server = PreviewServer(root: output)
        // With no good build there is nothing to serve: stop with the error instead of waiting.
        guard rebuild(server) else { throw ExitCode.failure }
        let bound = try server.listen(port: UInt16(port))
        Console.out("serving \(output) on http://127.0.0.1:\(bound)/ (Ctrl-C stops)")
        let watcher = Thread { [self] in
            var seen = LessonWatch.signature(lessons)
            while true {
                Thread.sleep(forTimeInterval: 1)
                let now = LessonWatch.signature(lessons)
                if now != seen {
                    seen = now
                    rebuild(server)
                }
            }
        }
        watcher.start()
        server.serveForever()
    }

    /// Builds the site; returns whether the build succeeded (its error is printed).
    @discardableResult
    private func rebuild(_ server: PreviewServer) -> Bool {
        let start = Date()
        let demos = noDemos ? nil : DemoOptions(runs: runs)
        do {
            let summary = try CourseBuild.run(BuildOptions(lessons: lessons, output: output, demos: demos)) { _ in }
            server.bumpVersion()
            Console.out(String(format: "built %ld lessons in %.1f s; pages reload", summary.lessons, Date().timeIntervalSince(start)))
            return true
        } catch {
            Console.err(Console.red("error: ") + "\(error)")
            return false
        }
    }
}

/// What the lessons folder looks like to the poller: every file with its size and mtime.
enum LessonWatch {
    static func signature(_ folder: String) -> [String] {
        let fm = FileManager.default
        guard let files = fm.enumerator(atPath: folder) else { return [] }
        return files.compactMap { $0 as? String }.sorted().map { path in
            let a = try? fm.attributesOfItem(atPath: "\(folder)/\(path)")
            let date = (a?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(path) \(a?[.size] as? Int ?? -1) \(date)"
        }
    }
}

/// A small HTTP/1.1 server for a folder, on 127.0.0.1 only: GET and HEAD, one request per
/// connection, and `/__version`, which changes after every finished build.
final class PreviewServer: @unchecked Sendable {
    let root: String
    private let lock = NSLock()
    private var version = 0
    private var listener: Int32 = -1
    private var stopped = false

    init(root: String) { self.root = root }

    /// The number of builds so far.
    var currentVersion: Int { lock.withLock { version } }

    func bumpVersion() { lock.withLock { version += 1 } }

    /// Stops accepting connections; `serveForever` returns.
    func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// Binds 127.0.0.1:`port` and returns the port bound (the free one chosen for 0).
    func listen(port: UInt16) throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ValidationError("serve: cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { a in
                bind(fd, a, length) == 0 && Glibc.listen(fd, 64) == 0 && getsockname(fd, a, &length) == 0
            }
        }
        guard ok else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ValidationError("serve: cannot listen on 127.0.0.1:\(port): \(reason)")
        }
        listener = fd
        return UInt16(bigEndian: address.sin_port)
    }

    /// Answers connections, each on its own thread, until `stop()`.
    func serveForever() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            Thread { [self] in
                handle(client)
                close(client)
            }.start()
        }
    }

    private func handle(_ client: Int32) {
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while request.count < 65_536, !request.ends(with: [13, 10, 13, 10]) {
            let n = recv(client, &chunk, chunk.count, 0)
            if n <= 0 { break }
            request += chunk[0..<n]
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self).split(separator: " ")
        let reply = line.count >= 2 ? respond(method: String(line[0]), target: String(line[1])) : Reply(status: "400 Bad Request", body: Data())
        var head = "HTTP/1.1 \(reply.status)\r\nContent-Type: \(reply.type)\r\nContent-Length: \(reply.body.count)\r\n"
        head += "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        let bytes = Data(head.utf8) + (line.first == "HEAD" ? Data() : reply.body)
        bytes.withUnsafeBytes { p in
            var sent = 0
            while sent < p.count {
                let n = send(client, p.baseAddress! + sent, p.count - sent, Int32(MSG_NOSIGNAL))
                if n <= 0 { break }
                sent += n
            }
        }
    }

    struct Reply {
        var status: String
        var type = "text/plain; charset=utf-8"
        var body: Data
    }

    /// The reply to one request line: a file of the site (HTML with the reload script), the
    /// build version, or an error. Paths that climb out of the site are not found.
    func respond(method: String, target: String) -> Reply {
        guard method == "GET" || method == "HEAD" else { return Reply(status: "405 Method Not Allowed", body: Data("GET only\n".utf8)) }
        let path = (target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/").removingPercentEncoding ?? ""
        if path == "/__version" { return Reply(status: "200 OK", body: Data("\(currentVersion)".utf8)) }
        let parts = path.split(separator: "/")
        guard !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return notFound(path) }
        var file = ([root] + parts.map(String.init)).joined(separator: "/")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue { file += "/index.html" }
        guard let data = FileManager.default.contents(atPath: file) else { return notFound(path) }
        let type = Self.types[(file as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
        return Reply(status: "200 OK", type: type, body: type.hasPrefix("text/html") ? withReloadScript(data) : data)
    }

    private func notFound(_ path: String) -> Reply {
        Reply(status: "404 Not Found", body: Data("\(path): not in \(root)\n".utf8))
    }

    /// The page with a script before `</body>` that reloads it when `/__version` changes.
    func withReloadScript(_ page: Data) -> Data {
        let script = """
        <script>/* convwalk serve */(function(){var v="\(currentVersion)";setInterval(function(){\
        fetch("/__version",{cache:"no-store"}).then(function(r){return r.text()})\
        .then(function(t){if(t!==v)location.reload()}).catch(function(){})},1000)})();</script>
        """
        let html = String(decoding: page, as: UTF8.self)
        guard let end = html.range(of: "</body>", options: .backwards) else { return Data((html + script).utf8) }
        return Data(html.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: script).utf8)
    }

    static let types = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json", "png": "image/png", "svg": "image/svg+xml", "woff2": "font/woff2", "woff": "font/woff",
        "ttf": "font/ttf", "txt": "text/plain; charset=utf-8", "ico": "image/x-icon",
    ]
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
