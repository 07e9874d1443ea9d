import CFuzzer
import FuzzEntries

/// The program's entry: SwiftPM links executables with `main` = `FuzzCheckpoint_main`, so this
/// hands control to libFuzzer with `FuzzEntry.checkpoint` as the target.
@_cdecl("FuzzCheckpoint_main")
public func fuzzCheckpointMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        FuzzEntry.checkpoint.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
