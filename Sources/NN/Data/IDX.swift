import Foundation

/// Readers for the IDX files MNIST is distributed in (plain or gzip-compressed).
///
/// Layout: big-endian u32 magic (0x00000803 images, 0x00000801 labels), u32 count,
/// then u32 rows and u32 cols for images, then one u8 per pixel or label.
/// Each reader validates the magic, the dimensions, the count and the file length
/// before it trusts the body, and throws a `DataError` naming the file.
public enum IDX {
    /// Magic number of an IDX file of unsigned bytes with three dimensions (images).
    public static let imagesMagic: UInt32 = 0x0000_0803
    /// Magic number of an IDX file of unsigned bytes with one dimension (labels).
    public static let labelsMagic: UInt32 = 0x0000_0801
    /// The largest item count accepted; larger counts are treated as corruption.
    public static let maxItems = 10_000_000
    /// The largest image side accepted.
    public static let maxSide = 4096
    /// The largest image body accepted, in bytes (4 GiB).
    public static let maxBodyBytes = 1 << 32

    /// Raw images: `count` images of `rows` x `cols` bytes, row-major, one after another.
    public struct Images: Equatable, Sendable {
        public var count: Int
        public var rows: Int
        public var cols: Int
        public var pixels: [UInt8]
    }

    /// Reads an images file (`*-images-idx3-ubyte[.gz]`).
    /// - Throws: `DataError` for an unreadable, truncated, oversized or corrupt file.
    public static func readImages(path: String) throws -> Images {
        var reader = try ByteReader(path: path)
        return try readImages(&reader, path: path)
    }

    /// Reads an images file from its bytes; `file` names it in errors (a `.gz` name means gzip).
    /// - Throws: `DataError` for a truncated, oversized or corrupt file.
    public static func readImages(bytes: [UInt8], file: String) throws -> Images {
        var reader = try ByteReader(bytes: bytes, file: file)
        return try readImages(&reader, path: file)
    }

    private static func readImages(_ reader: inout ByteReader, path: String) throws -> Images {
        let header = try reader.read(16)
        guard header.count == 16 else {
            throw DataError.truncated(file: path, expectedBytes: 16, actualBytes: header.count)
        }
        try checkMagic(header, expected: imagesMagic, file: path)
        let count = Int(bigEndian(header, 4)), rows = Int(bigEndian(header, 8)), cols = Int(bigEndian(header, 12))
        guard count <= maxItems else {
            throw DataError.absurdHeader(file: path, detail: "\(count) images (the limit is \(maxItems))")
        }
        guard (1...maxSide).contains(rows), (1...maxSide).contains(cols) else {
            throw DataError.absurdHeader(file: path, detail: "images of \(rows)x\(cols) pixels")
        }
        let body = count * rows * cols
        guard body <= maxBodyBytes else {
            throw DataError.absurdHeader(file: path, detail: "\(count) images of \(rows)x\(cols) need \(body) bytes")
        }
        let pixels = try readBody(&reader, count: body, headerBytes: 16, file: path)
        return Images(count: count, rows: rows, cols: cols, pixels: pixels)
    }

    /// Reads a labels file (`*-labels-idx1-ubyte[.gz]`).
    /// - Throws: `DataError` for an unreadable, truncated, oversized or corrupt file.
    public static func readLabels(path: String) throws -> [UInt8] {
        var reader = try ByteReader(path: path)
        return try readLabels(&reader, path: path)
    }

    /// Reads a labels file from its bytes; `file` names it in errors (a `.gz` name means gzip).
    /// - Throws: `DataError` for a truncated, oversized or corrupt file.
    public static func readLabels(bytes: [UInt8], file: String) throws -> [UInt8] {
        var reader = try ByteReader(bytes: bytes, file: file)
        return try readLabels(&reader, path: file)
    }

    private static func readLabels(_ reader: inout ByteReader, path: String) throws -> [UInt8] {
        let header = try reader.read(8)
        guard header.count == 8 else {
            throw DataError.truncated(file: path, expectedBytes: 8, actualBytes: header.count)
        }
        try checkMagic(header, expected: labelsMagic, file: path)
        let count = Int(bigEndian(header, 4))
        guard count <= maxItems else {
            throw DataError.absurdHeader(file: path, detail: "\(count) labels (the limit is \(maxItems))")
        }
        return try readBody(&reader, count: count, headerBytes: 8, file: path)
    }

    private static func checkMagic(_ header: [UInt8], expected: UInt32, file: String) throws {
        let magic = bigEndian(header, 0)
        guard magic == expected else { throw DataError.wrongMagic(file: file, found: magic, expected: expected) }
    }

    /// Reads exactly `count` body bytes and checks that nothing follows them.
    private static func readBody(_ reader: inout ByteReader, count: Int, headerBytes: Int, file: String) throws -> [UInt8] {
        // A plain file's length is known: reject a short one before allocating its body.
        if !reader.isCompressed, reader.compressedCount < headerBytes + count {
            throw DataError.truncated(file: file, expectedBytes: headerBytes + count, actualBytes: reader.compressedCount)
        }
        var body: [UInt8] = []
        let chunk = 1 << 20
        while body.count < count {
            let part = try reader.read(min(chunk, count - body.count))
            if part.isEmpty {
                throw DataError.truncated(file: file, expectedBytes: headerBytes + count, actualBytes: headerBytes + body.count)
            }
            if body.isEmpty { body.reserveCapacity(min(count, 64 << 20)) }
            body.append(contentsOf: part)
        }
        let extra = try reader.remainingCount()
        if extra > 0 {
            throw DataError.trailingBytes(file: file, expectedBytes: headerBytes + count, actualBytes: headerBytes + count + extra)
        }
        return body
    }

    private static func bigEndian(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }
}
