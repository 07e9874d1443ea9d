/// The few functions the kernels need beyond + − × ÷, written out because WebAssembly has no
/// libm. The WebAssembly engine uses these; the host's training kernels use the C library's
/// (`Foundation.exp`, `tanh`, `log`, `erf`). Tests compare the two to 1 ulp-level tolerance.
public enum CoreMath {
    /// 10^n for n ≥ 0 (exact up to 10^22).
    public static func powerOfTen(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<max(0, n) { p *= 10 }
        return p
    }

    /// Rounds half away from zero, like `rounded()`, with only truncation (a WebAssembly instruction).
    public static func roundHalfAway(_ x: Double) -> Double {
        let t = x.rounded(.towardZero)
        let d = x - t
        if d >= 0.5 { return t + 1 }
        if d <= -0.5 { return t - 1 }
        return t
    }

    /// e^x in double precision: x = k·ln2 + r with |r| ≤ ln2/2, a degree-13 Taylor polynomial for
    /// e^r (error below 1e-17 relative), and 2^k built from its exponent bits.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.78 { return .infinity }
        if x < -745.2 { return 0 }
        let k = (x * 1.4426950408889634).rounded(.toNearestOrEven)
        let r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10
        var term = 1.0, sum = 1.0
        for i in 1...13 {
            term *= r / Double(i)
            sum += term
        }
        var n = Int(k)
        var result = sum
        // Scale in steps so subnormal and near-overflow results stay exact.
        while n > 1000 { result *= Double(bitPattern: UInt64(1023 + 1000) << 52); n -= 1000 }
        while n < -1000 { result *= Double(bitPattern: UInt64(1023 - 1000) << 52); n += 1000 }
        return result * Double(bitPattern: UInt64(1023 + n) << 52)
    }

    /// e^x for a Float, rounded once from the double result.
    public static func exp(_ x: Float) -> Float { Float(exp(Double(x))) }

    /// ln x in double precision: x = m·2^k with √½ ≤ m < √2, then ln m = 2·atanh(s) with
    /// s = (m − 1)/(m + 1), |s| ≤ 0.1716, summed to s^29 (error below 1e-17 relative), plus k·ln 2
    /// in two parts. ln 0 = −∞; a negative x or NaN gives NaN.
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        var bits = x.bitPattern
        var k = 0
        if bits >> 52 == 0 {
            // Subnormal: scale by 2^54 so the exponent field holds it.
            bits = (x * Double(bitPattern: UInt64(1023 + 54) << 52)).bitPattern
            k = -54
        }
        k += Int((bits >> 52) & 0x7ff) - 1023
        var m = Double(bitPattern: (bits & 0x000f_ffff_ffff_ffff) | (UInt64(1023) << 52))
        if m > 1.4142135623730951 {
            m /= 2
            k += 1
        }
        let s = (m - 1) / (m + 1), s2 = s * s
        var term = s, sum = s
        var n = 3.0
        while n <= 29 {
            term *= s2
            sum += term / n
            n += 2
        }
        let kd = Double(k)
        return kd * 6.93147180369123816490e-01 + (2 * sum + kd * 1.90821492927058770002e-10)
    }

    /// ln x for a Float, rounded once from the double result.
    public static func log(_ x: Float) -> Float { Float(log(Double(x))) }

    /// b^e in double precision: a whole exponent by repeated squaring (exact while the powers of
    /// a whole base stay below 2^53), otherwise e^(e·ln b); a negative base with a fractional
    /// exponent gives NaN, 0 to a negative power +∞, as the C library's `pow`.
    public static func pow(_ b: Double, _ e: Double) -> Double {
        if b.isNaN || e.isNaN { return .nan }
        if e == e.rounded(.towardZero), abs(e) <= 4096 {
            var n = Int(abs(e)), base = b, r = 1.0
            while n > 0 {
                if n & 1 == 1 { r *= base }
                base *= base
                n >>= 1
            }
            return e < 0 ? 1 / r : r
        }
        if b < 0 {
            guard e == e.rounded(.towardZero) else { return .nan }
            let odd = abs(e) < 9_007_199_254_740_992 && Int64(e) & 1 == 1
            return odd ? -pow(-b, e) : pow(-b, e)
        }
        if b == 0 { return e > 0 ? 0 : .infinity }
        if b == 1 { return 1 }
        return exp(e * log(b))
    }

    /// erf(x) in double precision: the Maclaurin series below |x| = 2.5 (about 2 digits lost
    /// to cancellation at the top of that range), Laplace's continued fraction for erfc above
    /// (80 terms), ±1 beyond |x| = 6 (erfc(6) < 2.2e-17). Within 1e-14 of glibc's.
    public static func erf(_ x: Double) -> Double {
        if x.isNaN { return x }
        let a = abs(x)
        if a >= 6 { return x > 0 ? 1 : -1 }
        var r: Double
        if a < 2.5 {
            let a2 = a * a
            var term = a, sum = a, n = 0.0
            while n < 100 {
                n += 1
                term *= -a2 / n
                let t = term / (2 * n + 1)
                sum += t
                if abs(t) < 1e-17 * abs(sum) { break }
            }
            r = sum * 1.1283791670955126
        } else {
            var t = a
            var k = 80.0
            while k >= 1 {
                t = a + k / 2 / t
                k -= 1
            }
            r = 1 - exp(-a * a) / (1.7724538509055160 * t)
        }
        return x < 0 ? -r : r
    }

    /// erf(x) for a Float, rounded once from the double result.
    public static func erf(_ x: Float) -> Float { Float(erf(Double(x))) }

    /// tanh(x) from e^(2x); odd series for tiny |x| where e^(2x) − 1 would cancel.
    public static func tanh(_ x: Float) -> Float {
        let d = Double(x)
        if abs(d) > 20 { return d > 0 ? 1 : -1 }
        if abs(d) < 1e-4 { return Float(d - d * d * d / 3) }
        let e = exp(2 * d)
        return Float((e - 1) / (e + 1))
    }
}
