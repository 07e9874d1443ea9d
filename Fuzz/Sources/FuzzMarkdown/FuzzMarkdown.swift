import CFuzzer
import FuzzEntries

/// The program's entry: SwiftPM links executables with `main` = `FuzzMarkdown_main`, so this
/// hands control to libFuzzer with `FuzzEntry.markdown` as the target.
@_cdecl("FuzzMarkdown_main")
public func fuzzMarkdownMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        FuzzEntry.markdown.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
