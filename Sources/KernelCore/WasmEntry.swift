#if hasFeature(Embedded)
/// The WebAssembly module's exports (built only by `scripts/build-wasm.sh`):
/// `cw_alloc(n)` and `cw_free(p)` for the bytes JavaScript writes and reads, and
/// `cw_compute(p, n)`: UTF-8 JSON in, a buffer `[length: u32 little-endian][UTF-8 JSON]` out.

@_cdecl("cw_alloc")
public func cwAlloc(_ n: Int32) -> UnsafeMutableRawPointer? {
    UnsafeMutableRawPointer.allocate(byteCount: Int(max(n, 1)), alignment: 16)
}

@_cdecl("cw_free")
public func cwFree(_ p: UnsafeMutableRawPointer?) { p?.deallocate() }

@_cdecl("cw_compute")
public func cwCompute(_ p: UnsafeRawPointer, _ n: Int32) -> UnsafeMutableRawPointer? {
    let input = [UInt8](UnsafeRawBufferPointer(start: p, count: Int(n)))
    let output = ExampleCore.run(json: input)
    guard let out = cwAlloc(Int32(output.count + 4)) else { return nil }
    out.storeBytes(of: UInt32(output.count).littleEndian, as: UInt32.self)
    output.withUnsafeBytes { (out + 4).copyMemory(from: $0.baseAddress!, byteCount: output.count) }
    return out
}
#endif
