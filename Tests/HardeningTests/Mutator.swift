/// Byte-level mutations in the spirit of libFuzzer's: flips, interesting values, tokens of
/// the formats (YAML, JSON, IDX, checkpoint), deletions, duplications and splices.
struct Mutator {
    var random: SeededRandom

    static let tokens: [[UInt8]] = [
        "[", "]", "{", "}", ":", ", ", "- ", "\n", "\n  ", "'", "\"", "&a ", "*a", "!!binary ", "1e999", "-1", "0",
        "99999999999999999999", ".nan", ".inf", "65536", "-0", "---\n", "```", "```example\n", "~~~", "id: x\n",
        "op: conv2d\n", "padding: same\n", "stride: 0\n", "\u{0}", "\u{FEFF}", "é", "<script>",
    ].map { Array($0.utf8) } + [[0x00, 0x00, 0x08, 0x03], [0xFF, 0xFF, 0xFF, 0xFF], [0x80, 0x00, 0x00, 0x00], [0x1F, 0x8B]]

    /// One mutated copy of `input` (`other` is for splicing).
    mutating func mutate(_ input: [UInt8], splicing other: [UInt8]) -> [UInt8] {
        var b = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let at = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !b.isEmpty: b[at] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            case 1 where !b.isEmpty: b[at] = [0, 0xFF, 0x7F, 0x80, 0x30, 0x39, 0x2D, 0x0A].randomElement(using: &random)!
            case 2: b.insert(contentsOf: Self.tokens.randomElement(using: &random)!, at: at)
            case 3 where !b.isEmpty: b.removeSubrange(at..<min(b.count, at + Int.random(in: 1...16, using: &random)))
            case 4 where !b.isEmpty:
                let end = min(b.count, at + Int.random(in: 1...32, using: &random))
                b.insert(contentsOf: b[at..<end], at: end)
            case 5 where !other.isEmpty:
                let from = Int.random(in: 0..<other.count, using: &random)
                b.insert(contentsOf: other[from..<min(other.count, from + Int.random(in: 1...64, using: &random))], at: at)
            default:
                if b.count > 1 { b.removeLast(Int.random(in: 1...max(1, b.count / 2), using: &random)) }
            }
        }
        return b
    }
}
