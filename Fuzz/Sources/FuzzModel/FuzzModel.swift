import CFuzzer
import FuzzEntries

/// The program's entry: SwiftPM links executables with `main` = `FuzzModel_main`, so this
/// hands control to libFuzzer with `FuzzEntry.model` as the target.
@_cdecl("FuzzModel_main")
public func fuzzModelMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        FuzzEntry.model.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
