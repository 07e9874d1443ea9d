import CFuzzer
import FuzzEntries

/// The program's entry: SwiftPM links executables with `main` = `FuzzIdx_main`, so this
/// hands control to libFuzzer with `FuzzEntry.idx` as the target.
@_cdecl("FuzzIdx_main")
public func fuzzIdxMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        FuzzEntry.idx.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
