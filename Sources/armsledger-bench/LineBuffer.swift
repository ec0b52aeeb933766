/// A growable byte buffer with the few appends the generator needs, each writing exactly the
/// bytes ``ArmsLedger/JSONWriter`` would write for the same value (the generator only ever writes
/// strings that need no escaping: no `"`, `\` or control characters).
struct LineBuffer {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always) mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always) mutating func raw(_ text: [UInt8]) {
        bytes.append(contentsOf: text)
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        bytes.append(b)
    }

    /// A JSON string of bytes known to need no escapes.
    @inline(__always) mutating func string(_ text: [UInt8]) {
        bytes.append(0x22)
        bytes.append(contentsOf: text)
        bytes.append(0x22)
    }

    /// A non-negative decimal integer, as `String(value)` writes it.
    mutating func integer(_ value: Int) {
        precondition(value >= 0)
        if value < 10 { bytes.append(0x30 + UInt8(value)); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 {
                d[count] = 0x30 + UInt8(n % 10)
                n /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    /// A zero-padded number of exactly `width` digits.
    @inline(__always) mutating func padded(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var n = value
        while divisor > 0 {
            bytes.append(0x30 + UInt8((n / divisor) % 10))
            n %= divisor
            divisor /= 10
        }
    }

    /// 16 lowercase hex digits.
    @inline(__always) mutating func hex64(_ value: UInt64) {
        let digits: StaticString = "0123456789abcdef"
        var shift: UInt64 = 60
        for _ in 0..<16 {
            bytes.append(digits.utf8Start[Int((value >> shift) & 0xF)])
            shift &-= 4
        }
    }
}

/// SplitMix64: small, fast, and good enough for synthetic data; the same seed gives the same ledger.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    @inline(__always) mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 finaliser, a bijection on UInt64 (distinct inputs give distinct outputs).
    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n.
    @inline(__always) mutating func below(_ n: Int) -> Int {
        Int((next() >> 11) % UInt64(n))
    }

    /// Uniform in range.
    @inline(__always) mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// True with probability p.
    @inline(__always) mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) < p
    }

    /// An index chosen by integer weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        var total = 0
        for w in weights { total += w }
        var r = below(total)
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Civil dates as days since 1970-01-01 (Howard Hinnant's algorithms).
enum Civil {
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func date(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
