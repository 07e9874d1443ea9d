import KernelCore
import Tensor

/// `op: arithmetic`: a plain calculation a lesson leans on (pixels in an image, batches in an
/// epoch, a fan-in), written as what it is instead of dressed up as a layer. The parser, its
/// value and its one step are `ArithmeticCore`'s (the in-page engine's own code), so the page
/// and the command agree to the bit.
enum ArithmeticTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let text = try ex.fields.string("expression")
        let core: CoreRun
        do { core = try ArithmeticCore.run(expression: text) } catch { throw ex.error(error.key, error.message) }
        return ([NamedTensor("result", Tensor(scalar: core.result.values[0]))], Trace(ex, core))
    }
}
