import Foundation
import Tensor

/// Little-endian integers and floats in byte arrays, as safetensors, .npy and zip store them.
enum LittleEndian {
    static func append<T: FixedWidthInteger>(_ out: inout [UInt8], _ v: T) {
        withUnsafeBytes(of: v.littleEndian) { out += $0 }
    }

    /// Appends the float32 bit patterns of `xs`.
    static func append(_ out: inout [UInt8], floats xs: [Float]) {
        out.reserveCapacity(out.count + 4 * xs.count)
        for x in xs { append(&out, x.bitPattern) }
    }

    /// The unsigned integer of `size` bytes at `at` (the caller checks the bounds).
    static func read(_ b: ArraySlice<UInt8>, _ at: Int, size: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<size { v |= UInt64(b[b.startIndex + at + k]) << (8 * UInt64(k)) }
        return v
    }

    /// `count` numbers stored as `type` (`F32`, `F64`, `F16`, `BF16`, or the integers `I64`,
    /// `I32`, `I16`, `I8`, `U8`; little-endian) starting at `at`, converted to Float; nil for
    /// other types.
    static func floats(_ b: ArraySlice<UInt8>, _ at: Int, count: Int, type: String) -> [Float]? {
        let base = b.startIndex + at
        switch type {
        case "F32":
            return (0..<count).map { i in Float(bitPattern: UInt32(read(b, at + 4 * i, size: 4))) }
        case "F64":
            return (0..<count).map { i in Float(Double(bitPattern: read(b, at + 8 * i, size: 8))) }
        case "BF16":
            return (0..<count).map { i in Float(bitPattern: UInt32(b[base + 2 * i]) << 16 | UInt32(b[base + 2 * i + 1]) << 24) }
        case "F16":
            return (0..<count).map { i in halfToFloat(UInt16(read(b, at + 2 * i, size: 2))) }
        case "I64":
            return (0..<count).map { i in Float(Int64(bitPattern: read(b, at + 8 * i, size: 8))) }
        case "I32":
            return (0..<count).map { i in Float(Int32(bitPattern: UInt32(read(b, at + 4 * i, size: 4)))) }
        case "I16":
            return (0..<count).map { i in Float(Int16(bitPattern: UInt16(read(b, at + 2 * i, size: 2)))) }
        case "I8":
            return (0..<count).map { i in Float(Int8(bitPattern: b[base + i])) }
        case "U8":
            return (0..<count).map { i in Float(b[base + i]) }
        default:
            return nil
        }
    }

    /// Bytes per number of a type `floats` reads.
    static func width(_ type: String) -> Int? {
        ["F32": 4, "F64": 8, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1][type]
    }

    /// The number of elements of `shape` and the bytes they take at `width` bytes each, or nil
    /// when either overflows `Int` (a header that announces more than any file can hold).
    static func size(of shape: [Int], width: Int) -> (count: Int, bytes: Int)? {
        guard let count = Tensor.elementCount(shape) else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: width)
        return overflow ? nil : (count, bytes)
    }

    /// IEEE 754 half precision to single precision (subnormals, infinities and NaN included).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign: Float = h & 0x8000 != 0 ? -1 : 1
        let exponent = Int(h >> 10 & 0x1F), mantissa = Float(h & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
