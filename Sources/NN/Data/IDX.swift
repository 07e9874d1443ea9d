import Foundation

/// Readers for the IDX files MNIST is distributed in (plain or gzip-compressed).
///
/// Layout: big-endian u32 magic (0x00000803 images, 0x00000801 labels), u32 count,
/// then u32 rows and u32 cols for images, then one u8 per pixel or label. Images with
/// channels (colour) use magic 0x00000804 and four dimensions: count, channels, rows, cols
/// (channels first, as the networks take them); count, rows, cols, channels is also read
/// when the last dimension is 1, 3 or 4 and the second is not.
/// Each reader validates the magic, the dimensions, the count and the file length
/// before it trusts the body, and throws a `DataError` naming the file.
public enum IDX {
    /// Magic number of an IDX file of unsigned bytes with three dimensions (images).
    public static let imagesMagic: UInt32 = 0x0000_0803
    /// Magic number of an IDX file of unsigned bytes with one dimension (labels).
    public static let labelsMagic: UInt32 = 0x0000_0801
    /// Magic number of an IDX file of unsigned bytes with four dimensions (images with channels).
    public static let channelImagesMagic: UInt32 = 0x0000_0804
    /// The largest channel count accepted.
    public static let maxChannels = 64
    /// The largest item count accepted; larger counts are treated as corruption.
    public static let maxItems = 10_000_000
    /// The largest image side accepted.
    public static let maxSide = 4096
    /// The largest image body accepted, in bytes (4 GiB).
    public static let maxBodyBytes = 1 << 32

    /// Raw images: `count` images of `channels` x `rows` x `cols` bytes, channel by channel
    /// and row-major, one after another.
    public struct Images: Equatable, Sendable {
        public var count: Int
        public var rows: Int
        public var cols: Int
        public var pixels: [UInt8]
        /// 1 for grey images (three-dimensional files).
        public var channels = 1
    }

    /// Reads an images file (`*-images-idx3-ubyte[.gz]`, or a four-dimensional `idx4` file
    /// of images with channels).
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
        let magic = bigEndian(header, 0)
        if magic == channelImagesMagic { return try readChannelImages(&reader, header, path: path) }
        try checkMagic(header, expected: imagesMagic, file: path)
        let count = Int(bigEndian(header, 4)), rows = Int(bigEndian(header, 8)), cols = Int(bigEndian(header, 12))
        try checkSize(count: count, channels: 1, rows: rows, cols: cols, file: path)
        let pixels = try readBody(&reader, count: count * rows * cols, headerBytes: 16, file: path)
        return Images(count: count, rows: rows, cols: cols, pixels: pixels)
    }

    /// The rest of a four-dimensional images file whose first 16 header bytes are read.
    private static func readChannelImages(_ reader: inout ByteReader, _ header: [UInt8], path: String) throws -> Images {
        let last = try reader.read(4)
        guard last.count == 4 else { throw DataError.truncated(file: path, expectedBytes: 20, actualBytes: 16 + last.count) }
        let count = Int(bigEndian(header, 4)), d1 = Int(bigEndian(header, 8)), d2 = Int(bigEndian(header, 12)), d3 = Int(bigEndian(last, 0))
        let colourValues = [1, 3, 4]
        let channelsLast = colourValues.contains(d3) && !colourValues.contains(d1)
        let (channels, rows, cols) = channelsLast ? (d3, d1, d2) : (d1, d2, d3)
        guard (1...maxChannels).contains(channels) else {
            throw DataError.absurdHeader(file: path, detail: "images of \(d1)x\(d2)x\(d3) (expected channels x rows x cols with at most \(maxChannels) channels)")
        }
        try checkSize(count: count, channels: channels, rows: rows, cols: cols, file: path)
        let body = try readBody(&reader, count: count * channels * rows * cols, headerBytes: 20, file: path)
        guard channelsLast, channels > 1 else { return Images(count: count, rows: rows, cols: cols, pixels: body, channels: channels) }
        var planar = [UInt8](repeating: 0, count: body.count)
        let plane = rows * cols
        for n in 0..<count {
            let base = n * channels * plane
            for p in 0..<plane {
                for c in 0..<channels { planar[base + c * plane + p] = body[base + p * channels + c] }
            }
        }
        return Images(count: count, rows: rows, cols: cols, pixels: planar, channels: channels)
    }

    private static func checkSize(count: Int, channels: Int, rows: Int, cols: Int, file: String) throws {
        guard count <= maxItems else {
            throw DataError.absurdHeader(file: file, detail: "\(count) images (the limit is \(maxItems))")
        }
        guard (1...maxSide).contains(rows), (1...maxSide).contains(cols) else {
            throw DataError.absurdHeader(file: file, detail: "images of \(rows)x\(cols) pixels")
        }
        let body = count * channels * rows * cols
        guard body <= maxBodyBytes else {
            let size = channels == 1 ? "\(rows)x\(cols)" : "\(channels)x\(rows)x\(cols)"
            throw DataError.absurdHeader(file: file, detail: "\(count) images of \(size) need \(body) bytes")
        }
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
