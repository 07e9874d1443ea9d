import Foundation

/// One file for identical pictures: when the caller's images have the same bytes at several
/// paths (the same architecture diagram in two lessons and a demo, a curve and its derivative
/// drawn alike), the site keeps the first path and the pages point at it.
///
/// Pages name files by path, so the rewrite is exact: a path is replaced only where it stands
/// whole inside a page or script (`rewrite`).
enum SharedCopies {
    /// Removes duplicate images from `items` and rewrites the pages and scripts that name them.
    /// - Returns: duplicate path → the path it now shares.
    /// - Throws: the item's `ifMissing` error when a copied file cannot be read.
    @discardableResult
    static func merge(_ items: inout [String: OutputItem], among candidates: Set<String>) throws -> [String: String] {
        var firstWith: [Data: String] = [:]
        var shared: [String: String] = [:]
        for path in candidates.sorted() where path.hasSuffix(".png") {
            guard let item = items[path] else { continue }
            let bytes = try item.contents()
            if let first = firstWith[bytes] {
                shared[path] = first
            } else {
                firstWith[bytes] = path
            }
        }
        guard !shared.isEmpty else { return [:] }
        for path in shared.keys { items[path] = nil }
        for (path, item) in items where path.hasSuffix(".html") || path.hasSuffix(".js") {
            guard case .data(let data) = item else { continue }
            let text = String(decoding: data, as: UTF8.self)
            let rewritten = rewrite(text, shared)
            if rewritten != text { items[path] = .data(Data(rewritten.utf8)) }
        }
        return shared
    }

    /// `text` with every whole occurrence of a key of `shared` replaced by its value: a run of
    /// characters after `"`, `'`, `(` or a space and up to `"`, `'`, `)`, `?`, `#`, `<`, `>` or
    /// white space, read past any leading `../` (pages in language folders say `../figures/…`).
    /// One pass over the bytes, whatever the number of shared paths.
    static func rewrite(_ text: String, _ shared: [String: String]) -> String {
        let bytes = Array(text.utf8)
        let opens: Set<UInt8> = [0x22, 0x27, 0x28, 0x20]                              // " ' ( space
        let closes: Set<UInt8> = [0x22, 0x27, 0x29, 0x3F, 0x23, 0x3C, 0x3E, 0x20, 0x0A, 0x09] // " ' ) ? # < > space \n \t
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0, changed = false
        while i < bytes.count {
            let b = bytes[i]
            out.append(b)
            i += 1
            guard opens.contains(b) else { continue }
            var end = i
            while end < bytes.count, !closes.contains(bytes[end]) { end += 1 }
            var start = i
            while end - start > 3, bytes[start] == 0x2E, bytes[start + 1] == 0x2E, bytes[start + 2] == 0x2F { start += 3 } // ../
            guard end > start, end < bytes.count,
                  let to = shared[String(decoding: bytes[start..<end], as: UTF8.self)] else { continue }
            out.append(contentsOf: bytes[i..<start])
            out.append(contentsOf: to.utf8)
            i = end
            changed = true
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }
}
