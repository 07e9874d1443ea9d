import Foundation
import Tensor

/// `op: arithmetic`: a plain calculation a lesson leans on (pixels in an image, batches in an
/// epoch, a fan-in), written as what it is instead of dressed up as a layer.
///
/// `expression` takes numbers, `+ - * /` (also `− × ·`), `^`, parentheses and the functions
/// `floor`, `ceil`, `sqrt`, `ln`, `exp`; it is computed in double precision and shown once, as
/// the lesson would write it: `⌊60000 / 64⌋ = 937`, `60000 − 937 × 64 = 32`.
enum ArithmeticTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let text = try ex.fields.string("expression")
        guard text.count <= 200 else { throw ex.error("expression", "`expression`: \(text.count) characters; keep a calculation under 200") }
        var parser = Parser(text)
        let (value, shown): (Double, String)
        do {
            (value, shown) = try parser.parse()
        } catch let e as Parser.Failure {
            throw ex.error("expression", "`expression`: \(e.message)")
        }
        guard value.isFinite, Float(value).isFinite else {
            throw ex.error("expression", "`expression`: \(shown) is not a finite number")
        }
        let arithmetic = "\(shown) = \(Arith.n(Float(value)))"
        let step = TraceStep(writes: [CellRef("output", [0])], result: Float(value), arithmetic: arithmetic, description: arithmetic)
        return ([NamedTensor("result", Tensor(scalar: Float(value)))],
                Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: [TraceTensor(name: "output", role: .output, shape: [1], values: [Float(value)])],
                      steps: [step], formulas: [arithmetic]))
    }

    /// Recursive descent: expression := term ((+|−) term)*; term := factor ((×|/) factor)*;
    /// factor := (+|−) factor | atom (^ factor)?; atom := number | ( expression ) | name ( expression ).
    /// Each rule returns its value and its text as the page shows it.
    struct Parser {
        struct Failure: Error { let message: String }
        let chars: [Character]
        var i = 0
        init(_ text: String) { chars = Array(text) }

        mutating func parse() throws -> (Double, String) {
            let r = try expression()
            skipSpaces()
            if i < chars.count { throw fail("unexpected `\(chars[i])`") }
            return r
        }

        func fail(_ what: String) -> Failure {
            Failure(message: "\(what) at character \(i + 1); expected numbers, + − × / ^, parentheses, or floor, ceil, sqrt, ln, exp")
        }

        mutating func skipSpaces() { while i < chars.count, chars[i] == " " { i += 1 } }

        mutating func peek() -> Character? { skipSpaces(); return i < chars.count ? chars[i] : nil }

        mutating func expression() throws -> (Double, String) {
            var (v, s) = try term()
            while let c = peek(), "+-−".contains(c) {
                i += 1
                let (r, rs) = try term()
                if c == "+" { v += r; s += " + " + rs } else { v -= r; s += " − " + rs }
            }
            return (v, s)
        }

        mutating func term() throws -> (Double, String) {
            var (v, s) = try factor()
            while let c = peek(), "*×·/".contains(c) {
                let at = i
                i += 1
                let (r, rs) = try factor()
                if c == "/" {
                    guard r != 0 else { i = at; throw fail("division by zero") }
                    v /= r; s += " / " + rs
                } else {
                    v *= r; s += " × " + rs
                }
            }
            return (v, s)
        }

        mutating func factor() throws -> (Double, String) {
            if let c = peek(), "+-−".contains(c) {
                i += 1
                let (v, s) = try factor()
                return c == "+" ? (v, s) : (-v, "−" + s)
            }
            let (base, bs) = try atom()
            if peek() == "^" {
                i += 1
                let (e, es) = try factor()
                return (Foundation.pow(base, e), bs + "^" + es)
            }
            return (base, bs)
        }

        mutating func atom() throws -> (Double, String) {
            guard let c = peek() else { throw fail("the expression ends early") }
            if c == "(" {
                i += 1
                let (v, s) = try expression()
                guard peek() == ")" else { throw fail("missing `)`") }
                i += 1
                return (v, "(" + s + ")")
            }
            if c.isNumber || c == "." {
                let start = i
                while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
                let text = String(chars[start..<i])
                guard let v = Double(text) else { i = start; throw fail("`\(text)` is not a number") }
                return (v, text)
            }
            if c.isLetter {
                let start = i
                while i < chars.count, chars[i].isLetter { i += 1 }
                let name = String(chars[start..<i])
                guard peek() == "(" else { i = start; throw fail("`\(name)` needs parentheses, as in \(name)(2.5)") }
                i += 1
                let (v, s) = try expression()
                guard peek() == ")" else { throw fail("missing `)`") }
                i += 1
                switch name {
                case "floor": return (v.rounded(.down), "⌊" + s + "⌋")
                case "ceil": return (v.rounded(.up), "⌈" + s + "⌉")
                case "sqrt":
                    guard v >= 0 else { throw fail("sqrt of the negative number \(s)") }
                    return (v.squareRoot(), "√(" + s + ")")
                case "ln":
                    guard v > 0 else { throw fail("ln of \(s), which is not positive") }
                    return (Foundation.log(v), "ln(" + s + ")")
                case "exp": return (Foundation.exp(v), "e^(" + s + ")")
                default:
                    i = start
                    throw fail("unknown function `\(name)`")
                }
            }
            throw fail("unexpected `\(c)`")
        }
    }
}
