import CZlib

/// CRC-32 (zlib's `crc32_z`, the polynomial of zip, PNG and gzip): the integrity check of
/// checkpoints (`Checkpoint`, `LegacyCheckpoint`) and of npz entries (`ZipArchive`).
enum CRC32 {
    /// The CRC of `bytes`, continuing from `crc` (the CRC of what came before, 0 at the start):
    /// `of(b, continuing: of(a))` is the CRC of `a` followed by `b`.
    static func of(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { p in
            UInt32(truncatingIfNeeded: crc32_z(UInt(crc), p.baseAddress, p.count))
        }
    }
}
