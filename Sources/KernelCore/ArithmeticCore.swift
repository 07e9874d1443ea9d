/// `op: arithmetic`: a plain calculation a lesson leans on (pixels in an image, batches in an
/// epoch, a fan-in), written as what it is instead of dressed up as a layer.
///
/// `expression` takes numbers, `+ - * /` (also `− × ·`), `^`, parentheses and the functions
/// `floor`, `ceil`, `sqrt`, `ln`, `exp` (numbers in ASCII digits, names in ASCII letters; a length
/// and a position count Unicode scalars); it is computed in double precision (`^`, `ln` and `exp`
/// with `CoreMath`, on the host as in the page) and shown once, as the lesson would write it:
/// `⌊60000 / 64⌋ = 937`, `60000 − 937 × 64 = 32`.
public enum ArithmeticCore {
    /// The longest expression, in characters.
    public static let maxLength = 200

    /// The value of `text` with its one step, or the message (without the field name) for the
    /// key `expression`.
    public static func run(expression text: String) throws(CoreError) -> CoreRun {
        let chars = Array(text.unicodeScalars)
        guard chars.count <= maxLength else {
            throw CoreError("expression", "`expression`: \(chars.count) characters; keep a calculation under \(maxLength)")
        }
        var parser = Parser(chars: chars)
        let (value, shown) = try parser.parse()
        guard value.isFinite, Float(value).isFinite else {
            throw CoreError("expression", "`expression`: \(shown) is not a finite number")
        }
        let v = Float(value)
        let arithmetic = shown + " = " + StepText.n(v)
        var step = CoreStep()
        step.writes = [CoreCell("output", [0])]
        step.result = v
        step.arithmetic = arithmetic
        step.description = arithmetic
        return CoreRun(result: CoreTensor("result", "output", [], [v]), tensors: [CoreTensor("output", "output", [1], [v])],
                       steps: [step], formulas: [arithmetic])
    }

    /// Recursive descent: expression := term ((+|−) term)*; term := factor ((×|/) factor)*;
    /// factor := (+|−) factor | atom (^ factor)?; atom := number | ( expression ) | name ( expression ).
    /// Each rule returns its value and its text as the page shows it.
    struct Parser {
        let chars: [Unicode.Scalar]
        var i = 0

        static func text(_ s: ArraySlice<Unicode.Scalar>) -> String {
            var out = ""
            out.unicodeScalars.append(contentsOf: s)
            return out
        }

        static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
        static func isLetter(_ c: Unicode.Scalar) -> Bool { (c.value | 0x20) >= 97 && (c.value | 0x20) <= 122 }

        mutating func parse() throws(CoreError) -> (Double, String) {
            let r = try expression()
            skipSpaces()
            if i < chars.count { throw fail("unexpected `" + Parser.text(chars[i...i]) + "`") }
            return r
        }

        func fail(_ what: String) -> CoreError {
            CoreError("expression", "`expression`: \(what) at character \(i + 1); expected numbers, + − × / ^, parentheses, or floor, ceil, sqrt, ln, exp")
        }

        mutating func skipSpaces() { while i < chars.count, chars[i] == " " { i += 1 } }

        mutating func peek() -> Unicode.Scalar? { skipSpaces(); return i < chars.count ? chars[i] : nil }

        mutating func expression() throws(CoreError) -> (Double, String) {
            var (v, s) = try term()
            while let c = peek(), c == "+" || c == "-" || c == "−" {
                i += 1
                let (r, rs) = try term()
                if c == "+" { v += r; s += " + " + rs } else { v -= r; s += " − " + rs }
            }
            return (v, s)
        }

        mutating func term() throws(CoreError) -> (Double, String) {
            var (v, s) = try factor()
            while let c = peek(), c == "*" || c == "×" || c == "·" || c == "/" {
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

        mutating func factor() throws(CoreError) -> (Double, String) {
            if let c = peek(), c == "+" || c == "-" || c == "−" {
                i += 1
                let (v, s) = try factor()
                return c == "+" ? (v, s) : (-v, "−" + s)
            }
            let (base, bs) = try atom()
            if peek() == "^" {
                i += 1
                let (e, es) = try factor()
                return (CoreMath.pow(base, e), bs + "^" + es)
            }
            return (base, bs)
        }

        /// A number written with digits and at most one point (`12`, `0.5`, `.5`, `3.`).
        static func number(_ text: ArraySlice<Unicode.Scalar>) -> Double? {
            var mantissa: UInt64 = 0, scale = 0, digits = 0, points = 0, any = false
            for c in text {
                if c == "." { points += 1; continue }
                guard isDigit(c) else { return nil }
                any = true
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(c.value - 48)
                    if mantissa > 0 { digits += 1 }
                    if points == 1 { scale -= 1 }
                } else if points == 0 {
                    scale += 1
                }
            }
            guard any, points <= 1 else { return nil }
            var v = Double(mantissa)
            if scale > 0 { v *= CoreMath.powerOfTen(scale) }
            if scale < 0 { v /= CoreMath.powerOfTen(-scale) }
            return v
        }

        mutating func atom() throws(CoreError) -> (Double, String) {
            guard let c = peek() else { throw fail("the expression ends early") }
            if c == "(" {
                i += 1
                let (v, s) = try expression()
                guard peek() == ")" else { throw fail("missing `)`") }
                i += 1
                return (v, "(" + s + ")")
            }
            if Parser.isDigit(c) || c == "." {
                let start = i
                while i < chars.count, Parser.isDigit(chars[i]) || chars[i] == "." { i += 1 }
                let text = Parser.text(chars[start..<i])
                guard let v = Parser.number(chars[start..<i]) else { i = start; throw fail("`\(text)` is not a number") }
                return (v, text)
            }
            if Parser.isLetter(c) {
                let start = i
                while i < chars.count, Parser.isLetter(chars[i]) { i += 1 }
                let name = Parser.text(chars[start..<i])
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
                    return (CoreMath.log(v), "ln(" + s + ")")
                case "exp": return (CoreMath.exp(v), "e^(" + s + ")")
                default:
                    i = start
                    throw fail("unknown function `\(name)`")
                }
            }
            throw fail("unexpected `" + Parser.text(chars[i...i]) + "`")
        }
    }
}
