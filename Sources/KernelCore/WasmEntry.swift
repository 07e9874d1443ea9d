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

/// The networks `cw_net_load` has read, by handle.
nonisolated(unsafe) var loadedNetworks: [NetworkCore] = []
/// Why the last `cw_net_load` failed.
nonisolated(unsafe) var networkError: String = ""

/// `cw_net_load(p, n)`: a network binary (`NetworkCore.encoded`) in; its handle (0, 1, ...)
/// out, or −1 with the reason in `cw_net_error`.
@_cdecl("cw_net_load")
public func cwNetLoad(_ p: UnsafeRawPointer, _ n: Int32) -> Int32 {
    let made = NetworkCore.decode(UnsafeRawBufferPointer(start: p, count: Int(n)))
    guard let network = made.network else {
        networkError = made.error ?? "not a network"
        return -1
    }
    loadedNetworks.append(network)
    return Int32(loadedNetworks.count - 1)
}

/// `cw_net_error()`: `[length: u32][UTF-8]`, why the last load failed (the caller frees it).
@_cdecl("cw_net_error")
public func cwNetError() -> UnsafeMutableRawPointer? {
    let bytes = Array(networkError.utf8)
    guard let out = cwAlloc(Int32(bytes.count + 4)) else { return nil }
    out.storeBytes(of: UInt32(bytes.count).littleEndian, as: UInt32.self)
    for (i, b) in bytes.enumerated() { (out + 4 + i).storeBytes(of: b, as: UInt8.self) }
    return out
}

/// `cw_forward(handle, pixels)`: runs the C·H·W floats at `pixels` through network `handle`.
/// Out (the caller frees it): `[layers: u32]`, then per layer `[rank, d0, d1, d2: u32]`, then
/// every layer's values as f32, layer after layer; nil for an unknown handle.
@_cdecl("cw_forward")
public func cwForward(_ handle: Int32, _ pixels: UnsafePointer<Float>) -> UnsafeMutableRawPointer? {
    guard handle >= 0, Int(handle) < loadedNetworks.count else { return nil }
    let network = loadedNetworks[Int(handle)]
    let x = [Float](UnsafeBufferPointer(start: pixels, count: network.input.reduce(1, *)))
    guard let outputs = network.forward(x) else { return nil }
    let header = 4 + outputs.count * 16
    let total = header + outputs.reduce(0) { $0 + $1.values.count * 4 }
    guard let out = cwAlloc(Int32(total)) else { return nil }
    out.storeBytes(of: UInt32(outputs.count), as: UInt32.self)
    var at = 4
    for o in outputs {
        out.storeBytes(of: UInt32(o.shape.count), toByteOffset: at, as: UInt32.self)
        for k in 0..<3 { out.storeBytes(of: UInt32(k < o.shape.count ? o.shape[k] : 0), toByteOffset: at + 4 + 4 * k, as: UInt32.self) }
        at += 16
    }
    for o in outputs {
        o.values.withUnsafeBytes { (out + at).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        at += o.values.count * 4
    }
    return out
}
#endif
