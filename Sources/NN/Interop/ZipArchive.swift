import CZlib
import Foundation

/// Just enough of the zip format for `.npz` files: writing uncompressed ("stored") entries,
/// and reading stored or deflated ones (what `np.savez` and `np.savez_compressed` make),
/// found through the central directory, with each entry's CRC32 checked.
///
///     per entry  local header (30 bytes + name), then the bytes
///     per entry  central directory header (46 bytes + name)
///     end        end-of-central-directory record (22 bytes)
enum ZipArchive {
    struct Entry: Equatable {
        var name: String
        var bytes: [UInt8]
    }

    private static let local: UInt32 = 0x0403_4B50, central: UInt32 = 0x0201_4B50, end: UInt32 = 0x0605_4B50
    /// 1980-01-01 00:00, so that the same tensors always give the same bytes.
    private static let dosDate: UInt16 = 1 << 5 | 1

    /// An archive of stored (uncompressed) entries.
    static func store(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = [], directory: [UInt8] = []
        for e in entries {
            let name = Array(e.name.utf8), crc = CRC32.of(e.bytes), offset = UInt32(out.count)
            func common(_ b: inout [UInt8]) {
                for v: UInt16 in [20, 0, 0, 0, dosDate] { LittleEndian.append(&b, v) }
                for v: UInt32 in [crc, UInt32(e.bytes.count), UInt32(e.bytes.count)] { LittleEndian.append(&b, v) }
                LittleEndian.append(&b, UInt16(name.count))
                LittleEndian.append(&b, UInt16(0))
            }
            LittleEndian.append(&out, local)
            common(&out)
            out += name + e.bytes
            LittleEndian.append(&directory, central)
            LittleEndian.append(&directory, UInt16(20))
            common(&directory)
            for v: UInt16 in [0, 0, 0] { LittleEndian.append(&directory, v) }
            LittleEndian.append(&directory, UInt32(0))
            LittleEndian.append(&directory, offset)
            directory += name
        }
        let directoryOffset = UInt32(out.count)
        out += directory
        LittleEndian.append(&out, end)
        for v: UInt16 in [0, 0, UInt16(entries.count), UInt16(entries.count)] { LittleEndian.append(&out, v) }
        LittleEndian.append(&out, UInt32(directory.count))
        LittleEndian.append(&out, directoryOffset)
        LittleEndian.append(&out, UInt16(0))
        return out
    }

    /// Every entry, in central-directory order.
    /// - Throws: `InteropError.malformed` or `.truncated`, naming `file` and the entry.
    /// The most bytes all entries may inflate to together: the weights of the largest model
    /// convwalk allows (`ModelLimits.maxParameters` Float32s) plus room for the `.npy` headers.
    static let maxTotalBytes = 4 * ModelLimits.maxParameters + (64 << 20)
    /// Deflate cannot compress better than about 1032:1, so a larger claimed size is a lie.
    static let maxDeflateRatio = 1032

    /// The entries of an archive. Sizes and offsets are checked before anything is inflated or
    /// allocated: entries may not overlap each other or the central directory, names must be
    /// unique, nothing may follow the end record, and everything inflates to at most `maxTotalBytes`.
    static func read(_ b: [UInt8], file: String) throws -> [Entry] {
        let s = b[...]
        func u16(_ at: Int) -> Int { Int(LittleEndian.read(s, at, size: 2)) }
        func u32(_ at: Int) -> Int { Int(LittleEndian.read(s, at, size: 4)) }
        guard b.count >= 22, let eocd = stride(from: b.count - 22, through: max(0, b.count - 22 - 65_535), by: -1)
            .first(where: { u32($0) == Int(end) }) else {
            throw InteropError.malformed(file: file, detail: "not a zip archive (no end-of-central-directory record; truncated?)")
        }
        let count = u16(eocd + 10), size = u32(eocd + 12), start = u32(eocd + 16)
        let archiveEnd = eocd + 22 + u16(eocd + 20)
        guard archiveEnd == b.count else {
            throw InteropError.malformed(file: file, detail: archiveEnd < b.count ? "\(b.count - archiveEnd) unexpected bytes after the zip archive"
                                         : "the zip comment runs past the end of the file")
        }
        guard count != 0xFFFF, start != 0xFFFF_FFFF else { throw InteropError.malformed(file: file, detail: "zip64 archives are not supported") }
        guard start + size <= eocd else {
            throw InteropError.truncated(file: file, detail: "the central directory should be at bytes \(start)..<\(start + size), the archive ends at \(eocd)")
        }
        var entries: [Entry] = [], p = start
        var names = Set<String>(), used: [Range<Int>] = [start..<(start + size)], total = 0
        for _ in 0..<count {
            guard p + 46 <= eocd, u32(p) == Int(central) else { throw InteropError.malformed(file: file, detail: "damaged zip central directory at byte \(p)") }
            let method = u16(p + 10), crc = UInt32(u32(p + 16)), nameLength = u16(p + 28), extraLength = u16(p + 30)
            var packed = u32(p + 20), unpacked = u32(p + 24), offset = u32(p + 42)
            guard p + 46 + nameLength + extraLength <= eocd else { throw InteropError.truncated(file: file, detail: "the zip central directory ends early") }
            let name = String(decoding: b[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            readZip64(s, from: p + 46 + nameLength, length: extraLength, unpacked: &unpacked, packed: &packed, offset: &offset)
            p += 46 + nameLength + extraLength + u16(p + 32)
            guard names.insert(name).inserted else { throw InteropError.malformed(file: file, detail: "\(name): two zip entries have this name") }
            // zip64 fields are 64-bit: compare before adding, so no sum can overflow.
            guard offset >= 0, offset <= b.count - 30, u32(offset) == Int(local) else {
                throw InteropError.malformed(file: file, detail: "\(name): no local zip header at byte \(offset)")
            }
            let dataStart = offset + 30 + u16(offset + 26) + u16(offset + 28)
            guard packed >= 0, dataStart <= b.count, packed <= b.count - dataStart else {
                throw InteropError.truncated(file: file, detail: "\(name): \(packed) bytes from byte \(dataStart), the file holds \(b.count)")
            }
            let span = offset..<(dataStart + packed)
            if let other = used.first(where: { $0.overlaps(span) }) {
                throw InteropError.malformed(file: file, detail: "\(name): bytes \(span.lowerBound)..<\(span.upperBound) overlap another part of the archive (\(other.lowerBound)..<\(other.upperBound))")
            }
            used.append(span)
            let (limit, ratioOverflow) = max(packed, 1).multipliedReportingOverflow(by: method == 8 ? Self.maxDeflateRatio : 1)
            guard unpacked >= 0, ratioOverflow || unpacked <= limit else {
                throw InteropError.malformed(file: file, detail: "\(name): claims \(unpacked) bytes from \(packed) compressed ones, more than deflate can give")
            }
            total += unpacked
            guard total <= Self.maxTotalBytes else {
                throw InteropError.malformed(file: file, detail: "the entries inflate to more than \(Self.maxTotalBytes) bytes, more than the weights of any model convwalk allows")
            }
            let raw = Array(b[dataStart..<(dataStart + packed)])
            let bytes: [UInt8]
            switch method {
            case 0: bytes = raw
            case 8: bytes = try inflateRaw(raw, size: unpacked, file: file, entry: name)
            default: throw InteropError.malformed(file: file, detail: "\(name): zip compression method \(method) is not supported (stored or deflate only)")
            }
            let computed = CRC32.of(bytes)
            guard bytes.count == unpacked, computed == crc else {
                throw InteropError.malformed(file: file, detail: "\(name): corrupt zip entry (CRC32 0x\(String(computed, radix: 16)), the archive says 0x\(String(crc, radix: 16)))")
            }
            entries.append(Entry(name: name, bytes: bytes))
        }
        return entries
    }

    /// Replaces 0xFFFFFFFF sizes and offsets with the 64-bit values of a zip64 extra field.
    private static func readZip64(_ s: ArraySlice<UInt8>, from: Int, length: Int, unpacked: inout Int, packed: inout Int, offset: inout Int) {
        var q = from
        while q + 4 <= from + length {
            let id = LittleEndian.read(s, q, size: 2), size = Int(LittleEndian.read(s, q + 2, size: 2))
            if id == 1 {
                var r = q + 4
                if unpacked == 0xFFFF_FFFF, r + 8 <= q + 4 + size { unpacked = Int(LittleEndian.read(s, r, size: 8)); r += 8 }
                if packed == 0xFFFF_FFFF, r + 8 <= q + 4 + size { packed = Int(LittleEndian.read(s, r, size: 8)); r += 8 }
                if offset == 0xFFFF_FFFF, r + 8 <= q + 4 + size { offset = Int(LittleEndian.read(s, r, size: 8)) }
            }
            q += 4 + size
        }
    }

    /// Inflates a raw deflate stream (no zlib or gzip wrapper) of known size.
    private static func inflateRaw(_ raw: [UInt8], size: Int, file: String, entry: String) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InteropError.malformed(file: file, detail: "\(entry): zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: size)
        var input = raw
        let status = input.withUnsafeMutableBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                stream.next_in = src.baseAddress
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.baseAddress
                stream.avail_out = uInt(dst.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else {
            throw InteropError.malformed(file: file, detail: "\(entry): corrupt deflate data (zlib status \(status))")
        }
        return out
    }
}
