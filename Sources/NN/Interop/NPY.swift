import Foundation
import Tensor

/// NumPy's `.npy` array format, version 1.0 written, 1.0 to 3.0 read:
///
///     6 bytes    magic "\x93NUMPY"
///     2 bytes    version major, minor
///     u16 (v1) or u32 (v2, v3)  header length H, little-endian
///     H bytes    a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (6, 1, 5, 5), }
///                padded with spaces and a final newline so that the data starts at a multiple of 64
///     ...        the numbers, row-major
///
/// convwalk writes `<f4` (and `<i8` for a counter); it reads `<f4`, `<f8`, `<f2` and the
/// integers `<i8`, `<i4`, `<i2`, `|i1`, `|u1` in C order and converts to Float.
public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// One array as `.npy` bytes (float32, little-endian, C order).
    public static func encode(_ t: Tensor) -> [UInt8] {
        let shape = t.shape.count == 1 ? "(\(t.shape[0]),)" : "(\(t.shape.map(String.init).joined(separator: ", ")))"
        var out = header(descr: "<f4", shape: shape)
        LittleEndian.append(&out, floats: t.data)
        return out
    }

    /// A whole number as a 0-dimensional int64 `.npy` (`np.int64(n)`: BatchNorm's `num_batches_tracked`).
    public static func encode(int64 value: Int64) -> [UInt8] {
        var out = header(descr: "<i8", shape: "()")
        LittleEndian.append(&out, value)
        return out
    }

    /// The magic, version 1.0 and the header dict of an array of type `descr` and `shape` (a
    /// Python tuple), padded so that the numbers start at a multiple of 64.
    static func header(descr: String, shape: String) -> [UInt8] {
        var header = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }".utf8)
        let unpadded = magic.count + 2 + 2 + header.count + 1
        header += [UInt8](repeating: 0x20, count: (64 - unpadded % 64) % 64) + [0x0A]
        var out = magic + [1, 0]
        LittleEndian.append(&out, UInt16(header.count))
        return out + header
    }

    /// Reads one array; `file` (e.g. `w.npz:conv1.weight.npy`) names it in errors.
    /// - Throws: `InteropError.malformed`, `.truncated` or `.unsupportedType`.
    public static func decode(_ b: ArraySlice<UInt8>, file: String, tensor: String) throws -> Tensor {
        guard b.count >= 10, Array(b.prefix(6)) == magic else {
            throw InteropError.malformed(file: file, detail: "\(tensor): not a .npy array (wrong magic bytes)")
        }
        let major = b[b.startIndex + 6]
        guard (1...3).contains(major) else { throw InteropError.malformed(file: file, detail: "\(tensor): .npy version \(major) is not supported") }
        let lengthSize = major == 1 ? 2 : 4
        guard b.count >= 8 + lengthSize else { throw InteropError.truncated(file: file, detail: "\(tensor): the .npy header ends early") }
        let h = Int(LittleEndian.read(b, 8, size: lengthSize)), start = 8 + lengthSize
        guard start + h <= b.count else {
            throw InteropError.truncated(file: file, detail: "\(tensor): the .npy header announces \(h) bytes, \(b.count - start) follow")
        }
        let text = String(decoding: b[(b.startIndex + start)..<(b.startIndex + start + h)], as: UTF8.self)
        let header = try parseHeader(text, file: file, tensor: tensor)
        let width = LittleEndian.width(header.type) ?? 0
        let have = b.count - start - h
        guard let (count, bytes) = LittleEndian.size(of: header.shape, width: width) else {
            throw InteropError.malformed(file: file, detail: "\(tensor): shape \(Tensor.describe(header.shape)) holds more values than any file can")
        }
        guard have >= bytes else {
            throw InteropError.truncated(file: file, detail: "\(tensor): \(Tensor.describe(header.shape)) needs \(bytes) bytes of data, found \(have)")
        }
        let values = LittleEndian.floats(b, start + h, count: count, type: header.type) ?? []
        return try Tensor(shape: header.shape, data: values)
    }

    /// The dtype (as a safetensors type name) and shape of a header dict.
    static func parseHeader(_ text: String, file: String, tensor: String) throws -> (type: String, shape: [Int]) {
        func value(_ key: String) -> Substring? {
            guard let k = text.range(of: "'\(key)':") else { return nil }
            return text[k.upperBound...].drop { $0 == " " }
        }
        let bad = { (what: String) in InteropError.malformed(file: file, detail: "\(tensor): .npy header \(what): \(text.trimmingCharacters(in: .whitespacesAndNewlines))") }
        guard let d = value("descr"), d.first == "'", let close = d.dropFirst().firstIndex(of: "'") else { throw bad("has no 'descr'") }
        let descr = String(d[d.index(after: d.startIndex)..<close])
        let types = ["<f4": "F32", "<f8": "F64", "<f2": "F16", "|f4": "F32",
                     "<i8": "I64", "<i4": "I32", "<i2": "I16", "|i1": "I8", "|u1": "U8"]
        guard let type = types[descr] else { throw InteropError.unsupportedType(file: file, tensor: tensor, type: descr) }
        guard let f = value("fortran_order") else { throw bad("has no 'fortran_order'") }
        guard f.hasPrefix("False") else { throw bad("is in Fortran order (save with np.ascontiguousarray)") }
        guard let s = value("shape"), s.first == "(", let end = s.firstIndex(of: ")") else { throw bad("has no 'shape'") }
        let parts = s[s.index(after: s.startIndex)..<end].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let shape = parts.compactMap { Int($0) }
        guard shape.count == parts.count, shape.allSatisfy({ $0 >= 0 }) else { throw bad("has a shape that is not whole numbers") }
        return (type, shape)
    }
}
