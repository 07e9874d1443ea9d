import Tensor

/// NumPy's `.npz`: a zip archive with one `.npy` entry per array, named `<name>.npy`.
/// `np.load(path)` reads what `encode` writes; `decode` also reads `np.savez_compressed` files.
public enum NPZ {
    /// The archive bytes: one stored (uncompressed) float32 `.npy` entry per tensor, in order,
    /// then one 0-dimensional int64 entry per counter.
    public static func encode(_ tensors: [NamedTensor], counters: [(name: String, value: Int64)] = []) -> [UInt8] {
        ZipArchive.store(tensors.map { ZipArchive.Entry(name: "\($0.name).npy", bytes: NPY.encode($0.tensor)) }
                         + counters.map { ZipArchive.Entry(name: "\($0.name).npy", bytes: NPY.encode(int64: $0.value)) })
    }

    /// The arrays of an archive, in archive order, named without `.npy`.
    /// - Throws: `InteropError` naming `file` and the entry at fault.
    public static func decode(_ b: [UInt8], file: String) throws -> [NamedTensor] {
        try ZipArchive.read(b, file: file).map { e in
            guard e.name.hasSuffix(".npy") else {
                throw InteropError.malformed(file: file, detail: "\(e.name): not a .npy entry (an .npz holds only arrays)")
            }
            let name = String(e.name.dropLast(4))
            return NamedTensor(name: name, tensor: try NPY.decode(e.bytes[...], file: file, tensor: name))
        }
    }
}
