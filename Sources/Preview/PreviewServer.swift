import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server for a built site, on 127.0.0.1 only: GET and HEAD, one request per
/// connection, and `/__version`, which changes after every finished build (`convwalk serve`).
///
/// Hardened for a machine where other local programs may connect: only files inside the site
/// folder are served (symlinks out of it are not followed), paths with NUL or other control
/// characters are refused, a request must arrive within `Limits.headerSeconds` and
/// `Limits.headerBytes`, at most `Limits.connections` requests are answered at once (more get
/// 503), and error pages never echo the request or show local paths.
public final class PreviewServer: @unchecked Sendable {
    /// The bounds on what one client may cost.
    public struct Limits: Sendable {
        /// The most bytes of request line and headers.
        public var headerBytes = 8192
        /// Seconds for the whole request head to arrive (an idle connection is closed after it).
        public var headerSeconds: Double = 5
        /// Seconds a reply may take to be read by the client.
        public var sendSeconds: Double = 10
        /// Connections answered at once; more are told 503 and closed.
        public var connections = 32

        public init() {}
    }

    /// The site folder.
    public let root: String
    public let limits: Limits
    private let realRoot: String
    private let lock = NSLock()
    private var version = 0
    private var listener: Int32 = -1
    private var stopped = false
    private let slots: DispatchSemaphore

    public init(root: String, limits: Limits = Limits()) {
        self.root = root
        self.limits = limits
        realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        slots = DispatchSemaphore(value: limits.connections)
    }

    /// The number of builds so far.
    public var currentVersion: Int { lock.withLock { version } }

    /// Marks a finished build: open pages reload.
    public func bumpVersion() { lock.withLock { version += 1 } }

    /// Stops accepting connections; `serveForever` returns.
    public func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// Binds 127.0.0.1:`port` and returns the port bound (the free one chosen for 0).
    /// - Throws: `PreviewError` with the system's reason.
    public func listen(port: UInt16) throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PreviewError("cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { a in
                bind(fd, a, length) == 0 && Glibc.listen(fd, 128) == 0 && getsockname(fd, a, &length) == 0
            }
        }
        guard ok else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw PreviewError("cannot listen on 127.0.0.1:\(port): \(reason)")
        }
        listener = fd
        return UInt16(bigEndian: address.sin_port)
    }

    /// Answers connections until `stop()`: each on a thread, at most `limits.connections` at once.
    public func serveForever() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            setTimeout(client, SO_SNDTIMEO, limits.sendSeconds)
            guard slots.wait(timeout: .now()) == .success else {
                send(client, Reply(status: "503 Service Unavailable", body: Data("busy: too many connections\n".utf8)), head: false)
                close(client)
                continue
            }
            Thread { [self] in
                handle(client)
                close(client)
                slots.signal()
            }.start()
        }
    }

    private func setTimeout(_ fd: Int32, _ option: Int32, _ seconds: Double) {
        var t = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, option, &t, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads one request head (ended by a blank line, CRLF or bare LF) within the limits and answers it.
    private func handle(_ client: Int32) {
        let deadline = Date().addingTimeInterval(limits.headerSeconds)
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        var complete = false
        while !complete {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { break }
            setTimeout(client, SO_RCVTIMEO, max(left, 0.01))
            let n = recv(client, &chunk, chunk.count, 0)
            if n <= 0 { break }
            request += chunk[0..<n]
            complete = Self.headEnd(request) != nil
            if request.count > limits.headerBytes { break }
        }
        let reply: Reply
        if let end = Self.headEnd(request), end <= limits.headerBytes {
            reply = answer(Array(request[..<end]))
        } else if request.count > limits.headerBytes {
            reply = Reply(status: "431 Request Header Fields Too Large", body: Data("request head over \(limits.headerBytes) bytes\n".utf8))
        } else if request.isEmpty {
            return  // an idle connection: closed without a word
        } else {
            reply = Reply(status: "408 Request Timeout", body: Data("the request did not arrive in time\n".utf8))
        }
        send(client, reply, head: request.starts(with: Array("HEAD ".utf8)))
    }

    /// Where the head ends: after the first empty line (`\r\n\r\n` or `\n\n`).
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            if bytes[i] == 10 {
                if i + 1 < bytes.count, bytes[i + 1] == 10 { return i + 2 }
                if i + 2 < bytes.count, bytes[i + 1] == 13, bytes[i + 2] == 10 { return i + 3 }
            }
            i += 1
        }
        return nil
    }

    /// The reply to a request head: its request line is `METHOD TARGET HTTP/1.x`.
    func answer(_ head: [UInt8]) -> Reply {
        let lineBytes = head.prefix { $0 != 13 && $0 != 10 }
        guard let line = String(bytes: lineBytes, encoding: .utf8) else { return badRequest }
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return badRequest }
        return respond(method: String(parts[0]), target: String(parts[1]))
    }

    private var badRequest: Reply { Reply(status: "400 Bad Request", body: Data("bad request\n".utf8)) }

    private func send(_ client: Int32, _ reply: Reply, head: Bool) {
        var text = "HTTP/1.1 \(reply.status)\r\nContent-Type: \(reply.type)\r\nContent-Length: \(reply.body.count)\r\n"
        text += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
        let bytes = Data(text.utf8) + (head ? Data() : reply.body)
        bytes.withUnsafeBytes { p in
            var sent = 0
            while sent < p.count {
                let n = Glibc.send(client, p.baseAddress! + sent, p.count - sent, Int32(MSG_NOSIGNAL))
                if n <= 0 { break }
                sent += n
            }
        }
    }

    /// An HTTP reply: status line text, content type and body.
    public struct Reply: Sendable {
        public var status: String
        public var type = "text/plain; charset=utf-8"
        public var body: Data
    }

    /// The reply to one request: a file of the site (HTML with the reload script), the build
    /// version, or an error. Paths with control characters are bad requests; paths that climb
    /// out of the site, hidden files and symlinks leading outside it are not found.
    public func respond(method: String, target: String) -> Reply {
        guard method == "GET" || method == "HEAD" else { return Reply(status: "405 Method Not Allowed", body: Data("GET only\n".utf8)) }
        guard target.hasPrefix("/"), let path = (target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/").removingPercentEncoding,
              !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else { return badRequest }
        if path == "/__version" { return Reply(status: "200 OK", body: Data("\(currentVersion)".utf8)) }
        let parts = path.split(separator: "/")
        guard !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return notFound }
        var file = ([root] + parts.map(String.init)).joined(separator: "/")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue { file += "/index.html" }
        let real = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
        guard real.hasPrefix(realRoot + "/"), let data = FileManager.default.contents(atPath: real) else { return notFound }
        let type = Self.types[(real as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
        return Reply(status: "200 OK", type: type, body: type.hasPrefix("text/html") ? withReloadScript(data) : data)
    }

    private var notFound: Reply { Reply(status: "404 Not Found", body: Data("not found\n".utf8)) }

    /// The page with a script before `</body>` that reloads it when `/__version` changes.
    public func withReloadScript(_ page: Data) -> Data {
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

/// The server could not start, in words.
public struct PreviewError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = "serve: " + description }
}
