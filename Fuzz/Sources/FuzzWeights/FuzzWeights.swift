import CFuzzer
import FuzzEntries

/// The program's entry: SwiftPM links executables with `main` = `FuzzWeights_main`, so this
/// hands control to libFuzzer with `FuzzEntry.weights` as the target.
@_cdecl("FuzzWeights_main")
public func fuzzWeightsMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        FuzzEntry.weights.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
