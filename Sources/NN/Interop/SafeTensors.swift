import Foundation
import Tensor

/// The safetensors format (Hugging Face), written and read here without the Python package:
///
///     u64        header length N, little-endian
///     N bytes    JSON: {"__metadata__": {string: string},
///                       name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}
///                padded with spaces to a multiple of 8
///     ...        the tensors' bytes, little-endian, row-major; offsets count from here
///
/// convwalk writes float32 (`F32`), and `I64` scalars for counters; it reads F32, F64, F16, BF16
/// and the integer types I64, I32, I16, I8 and U8, and converts to Float.
public enum SafeTensors {
    /// The file as bytes: tensors in the given order, then each counter as an `I64` scalar
    /// (shape `[]`, as PyTorch stores BatchNorm's `num_batches_tracked`), `metadata` under `__metadata__`.
    public static func encode(_ tensors: [NamedTensor], counters: [(name: String, value: Int64)] = [],
                              metadata: [String: String] = [:]) throws -> [UInt8] {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for t in tensors {
            let end = offset + 4 * t.tensor.count
            header[t.name] = ["dtype": "F32", "shape": t.tensor.shape, "data_offsets": [offset, end]] as [String: Any]
            offset = end
        }
        for c in counters {
            header[c.name] = ["dtype": "I64", "shape": [Int](), "data_offsets": [offset, offset + 8]] as [String: Any]
            offset += 8
        }
        var json = [UInt8](try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes]))
        json += [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8)
        var out: [UInt8] = []
        out.reserveCapacity(8 + json.count + offset)
        LittleEndian.append(&out, UInt64(json.count))
        out += json
        for t in tensors { LittleEndian.append(&out, floats: t.tensor.data) }
        for c in counters { LittleEndian.append(&out, c.value) }
        return out
    }

    /// Reads the tensors (in the order of their bytes in the file) and the metadata.
    /// - Parameter file: names the bytes in errors.
    /// - Throws: `InteropError.truncated`, `.malformed` or `.unsupportedType`.
    public static func decode(_ b: [UInt8], file: String) throws -> (tensors: [NamedTensor], metadata: [String: String]) {
        guard b.count >= 8 else { throw InteropError.truncated(file: file, detail: "\(b.count) bytes, fewer than the 8-byte header length") }
        let n = LittleEndian.read(b[...], 0, size: 8)
        guard n <= 100_000_000 else { throw InteropError.malformed(file: file, detail: "not a safetensors file: its header length would be \(n) bytes") }
        guard 8 + Int(n) <= b.count else {
            throw InteropError.truncated(file: file, detail: "the header announces \(n) bytes, the file holds \(b.count - 8) after the length")
        }
        let json = b[8..<(8 + Int(n))]
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)), let header = object as? [String: Any] else {
            throw InteropError.malformed(file: file, detail: "not a safetensors file: the header is not a JSON object")
        }
        let data = b[(8 + Int(n))...]
        var metadata: [String: String] = [:]
        var entries: [(name: String, dtype: String, shape: [Int], begin: Int, end: Int, count: Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else {
                    throw InteropError.malformed(file: file, detail: "__metadata__ must map strings to strings")
                }
                metadata = m
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2,
                  shape.allSatisfy({ $0 >= 0 }) else {
                throw InteropError.malformed(file: file, detail: "\(name): expected {dtype, shape, data_offsets: [begin, end]}")
            }
            guard let width = LittleEndian.width(dtype) else { throw InteropError.unsupportedType(file: file, tensor: name, type: dtype) }
            let (begin, end) = (offsets[0], offsets[1])
            guard let (count, bytes) = LittleEndian.size(of: shape, width: width) else {
                throw InteropError.malformed(file: file, detail: "\(name): shape \(Tensor.describe(shape)) holds more values than any file can")
            }
            guard begin >= 0, end >= begin, end - begin == bytes else {
                throw InteropError.malformed(file: file, detail: "\(name): \(Tensor.describe(shape)) \(dtype) needs \(bytes) bytes, data_offsets [\(begin), \(end)] do not hold that")
            }
            entries.append((name, dtype, shape, begin, end, count))
        }
        // In the order of the bytes, so a cut file names the first tensor it cut, whatever the JSON's order.
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        if let cut = entries.first(where: { $0.end > data.count }) {
            throw InteropError.truncated(file: file, detail: "\(cut.name) ends at byte \(cut.end) of the data, which has \(data.count)")
        }
        let found = try entries.map { e in
            NamedTensor(name: e.name, tensor: try Tensor(shape: e.shape, data: LittleEndian.floats(data, e.begin, count: e.count, type: e.dtype) ?? []))
        }
        return (found, metadata)
    }
}
