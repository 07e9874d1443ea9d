import Foundation
import WasmKit

/// The in-page engine's WebAssembly module, run in-process by WasmKit: the same calls
/// `Sources/Site/Assets/engine.js` makes (`cw_alloc`, `cw_compute`, `cw_free`).
final class WasmEngine {
    let instance: Instance

    init(bytes: [UInt8]) throws {
        let module = try parseWasm(bytes: bytes)
        let store = Store(engine: Engine())
        instance = try module.instantiate(store: store)
    }

    /// `{"example": ..., "phrases": ...}` in, the engine's JSON text out.
    func compute(_ input: String) throws -> String {
        let bytes = Array(input.utf8)
        let call = { (name: String, args: [Value]) throws -> UInt32 in
            guard let f = self.instance.exports[function: name] else { throw EngineError("no export \(name)") }
            guard case .i32(let v)? = try f(args).first else { return 0 }
            return v
        }
        guard let memory = instance.exports[memory: "memory"] else { throw EngineError("no memory export") }
        let at = try call("cw_alloc", [.i32(UInt32(bytes.count))])
        memory.withUnsafeMutableBufferPointer(offset: UInt(at), count: bytes.count) { $0.copyBytes(from: bytes) }
        let out = try call("cw_compute", [.i32(at), .i32(UInt32(bytes.count))])
        _ = try call("cw_free", [.i32(at)])
        guard out != 0 else { throw EngineError("cw_compute returned null") }
        let length = memory.withUnsafeBufferPointer(offset: UInt(out), count: 4) { $0.loadUnaligned(as: UInt32.self) }
        let text = memory.withUnsafeBufferPointer(offset: UInt(out) + 4, count: Int(length)) { String(decoding: $0, as: UTF8.self) }
        _ = try call("cw_free", [.i32(out)])
        return text
    }
}

struct EngineError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

enum Module {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The module built from `Sources/KernelCore` now, by `scripts/build-wasm.sh` (offline).
    static let fromSource: Result<[UInt8], EngineError> = {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-wasm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [repo.appendingPathComponent("scripts/build-wasm.sh").path, out.path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch { return .failure(EngineError("cannot run build-wasm.sh: \(error)")) }
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0, let data = FileManager.default.contents(atPath: out.appendingPathComponent("kernelcore.wasm").path) else {
            return .failure(EngineError("build-wasm.sh failed: \(message)"))
        }
        return .success([UInt8](data))
    }()

    /// The module the site ships: the base64 in `Sources/Site/Assets/engine-wasm.js`.
    static func committed() throws -> [UInt8] {
        let js = try String(contentsOf: repo.appendingPathComponent("Sources/Site/Assets/engine-wasm.js"), encoding: .utf8)
        guard let open = js.range(of: "= \""), let close = js.range(of: "\";", range: open.upperBound..<js.endIndex),
              let data = Data(base64Encoded: String(js[open.upperBound..<close.lowerBound])) else {
            throw EngineError("engine-wasm.js holds no base64 module")
        }
        return [UInt8](data)
    }
}
