import CZlib
import Foundation

/// Reads a file front to back, decompressing it on the fly when it is gzip.
///
/// IDX files are read through this, so a header can be validated before the (possibly
/// large) body is allocated, and a truncated or corrupt stream is reported by file name.
struct ByteReader {
    let file: String
    private let raw: [UInt8]
    private var rawOffset = 0
    private var inflater: Inflater?
    /// Bytes delivered so far (after decompression).
    private(set) var delivered = 0

    /// Opens `path`. Files whose name ends in `.gz` must be gzip; others are read as they are.
    /// - Throws: `DataError.unreadable` or `DataError.notGzip`.
    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"
            throw DataError.unreadable(file: path, reason: reason)
        }
        try self.init(bytes: [UInt8](data), file: path)
    }

    /// Reads `bytes` as if they were the file `file` (gzip when the name ends in `.gz` or
    /// the bytes start with the gzip signature).
    /// - Throws: `DataError.notGzip`.
    init(bytes: [UInt8], file path: String) throws {
        file = path
        raw = bytes
        let looksGzip = raw.count >= 2 && raw[0] == 0x1f && raw[1] == 0x8b
        if path.hasSuffix(".gz") {
            guard looksGzip else { throw DataError.notGzip(file: path) }
            inflater = try Inflater(file: path)
        } else if looksGzip {
            inflater = try Inflater(file: path)
        }
    }

    /// The size of the file on disk.
    var compressedCount: Int { raw.count }
    /// Whether the file is gzip-compressed.
    var isCompressed: Bool { inflater != nil }

    /// Reads up to `count` bytes; fewer only at the end of the data.
    mutating func read(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let n = try read(into: &out)
        if n < count { out.removeLast(count - n) }
        return out
    }

    /// Fills `buffer` from the front and returns how many bytes were written.
    mutating func read(into buffer: inout [UInt8]) throws -> Int {
        let n: Int
        if let inf = inflater {
            n = try inf.inflate(from: raw, offset: &rawOffset, into: &buffer)
        } else {
            n = min(buffer.count, raw.count - rawOffset)
            buffer.withUnsafeMutableBufferPointer { dst in
                raw.withUnsafeBufferPointer { src in
                    if n > 0 { dst.baseAddress!.update(from: src.baseAddress! + rawOffset, count: n) }
                }
            }
            rawOffset += n
        }
        delivered += n
        return n
    }

    /// Counts the bytes left (decompressing them), for the "extra bytes" check.
    mutating func remainingCount() throws -> Int {
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try read(into: &chunk)
            if n == 0 { return total }
            total += n
        }
    }
}

/// A zlib inflate stream for gzip data (several concatenated members are accepted).
final class Inflater {
    private var stream = z_stream()
    private let file: String
    private var finished = false

    init(file: String) throws {
        self.file = file
        let status = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw DataError.corruptGzip(file: file, detail: "inflateInit2 failed (\(status))") }
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses from `raw[offset...]` into `buffer`, returning the number of bytes produced.
    func inflate(from raw: [UInt8], offset: inout Int, into buffer: inout [UInt8]) throws -> Int {
        if finished || buffer.isEmpty { return 0 }
        var produced = 0
        try raw.withUnsafeBufferPointer { src in
            try buffer.withUnsafeMutableBufferPointer { dst in
                while produced < dst.count {
                    if offset >= src.count {
                        throw DataError.corruptGzip(file: file, detail: "the compressed stream ends early (truncated file?)")
                    }
                    stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress! + offset)
                    stream.avail_in = uInt(min(src.count - offset, Int(UInt32.max)))
                    stream.next_out = dst.baseAddress! + produced
                    stream.avail_out = uInt(dst.count - produced)
                    let before = Int(stream.avail_in)
                    let outBefore = Int(stream.avail_out)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    offset += before - Int(stream.avail_in)
                    produced += outBefore - Int(stream.avail_out)
                    switch status {
                    case Z_OK, Z_BUF_ERROR:
                        if status == Z_BUF_ERROR && before == Int(stream.avail_in) && offset >= src.count {
                            throw DataError.corruptGzip(file: file, detail: "the compressed stream ends early (truncated file?)")
                        }
                    case Z_STREAM_END:
                        if offset < src.count, src[offset] == 0x1f {
                            inflateReset(&stream)
                        } else {
                            finished = true
                            return
                        }
                    default:
                        let msg = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                        throw DataError.corruptGzip(file: file, detail: msg)
                    }
                }
            }
        }
        return produced
    }
}
