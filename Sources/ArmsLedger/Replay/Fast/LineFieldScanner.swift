/// Reads the fields the register and balances need straight from a ledger line's bytes, relying
/// on the canonical layout the store writes (SPEC section 1: compact JSON, fields in order).
///
/// It is a fast path, not a validator: on anything it does not expect — whitespace, an escape
/// inside a field it reads, a type or category it does not know, a number that does not fit —
/// it returns false and the caller decodes the line with the full ``JSONParser`` and
/// ``EventDecoder`` instead. `verify` remains the check of every line.
struct LineFieldScanner {
    let line: UnsafeRawBufferPointer
    private var p = 0

    init(_ line: UnsafeRawBufferPointer) {
        self.line = line
    }

    /// Scans a line into `fields`; `sourceHashes`, when given, receives a 64-bit hash of each
    /// source object's bytes (for counting distinct sources), and `dates` caches date bounds.
    static func scan(_ line: UnsafeRawBufferPointer, into fields: inout LineFields,
                     sourceHashes: UnsafeMutablePointer<[UInt64]>?, dates: inout DateCache) -> Bool {
        var scanner = LineFieldScanner(line)
        fields.reset()
        return scanner.scan(&fields, sourceHashes: sourceHashes, dates: &dates)
    }

    private mutating func scan(_ f: inout LineFields, sourceHashes: UnsafeMutablePointer<[UInt64]>?, dates: inout DateCache) -> Bool {
        guard literal(#"{"seq":"#), let seq = integer(), seq > 0 else { return false }
        f.seq = Int(seq)
        guard literal(#","id":"#), let id = plainString() else { return false }
        f.id = id
        guard literal(#","type":"#), let type = plainString(), let eventType = Self.eventType(type, line) else { return false }
        f.type = eventType
        guard literal(#","stream":"#), skipString() else { return false }
        guard literal(#","occurred":"#), let occurred = plainString() else { return false }
        f.occurred = occurred
        guard literal(#","recorded":"#), let recorded = plainString() else { return false }
        f.recorded = recorded
        guard literal(#","confidence":"#), let confidence = plainString(), let level = Self.confidence(confidence, line) else { return false }
        f.confidence = level
        guard literal(#","sources":["#) else { return false }
        if !peek(UInt8(ascii: "]")) {
            while true {
                let start = p
                guard peek(UInt8(ascii: "{")) else { return false }
                p += 1
                while true {
                    guard let key = plainString(), byte(UInt8(ascii: ":")) else { return false }
                    if Self.equals(key, line, "date") {
                        guard let date = plainString(), let bounds = dates.bounds(date.bytes(in: line)) else { return false }
                        if f.knownLower == nil || bounds.lower < f.knownLower! { f.knownLower = bounds.lower }
                    } else {
                        guard skipString() else { return false }
                    }
                    if byte(UInt8(ascii: ",")) { continue }
                    guard byte(UInt8(ascii: "}")) else { return false }
                    break
                }
                f.sourceCount += 1
                sourceHashes?.pointee.append(ByteHash.hash(UnsafeRawBufferPointer(rebasing: line[start..<p])))
                if byte(UInt8(ascii: ",")) { continue }
                break
            }
        }
        guard byte(UInt8(ascii: "]")), literal(#","data":{"#) else { return false }
        if !peek(UInt8(ascii: "}")) {
            while true {
                guard let key = plainString(), byte(UInt8(ascii: ":")) else { return false }
                guard dataValue(key, &f) else { return false }
                if byte(UInt8(ascii: ",")) { continue }
                break
            }
        }
        guard byte(UInt8(ascii: "}")), literal(#","prev":"#), let prev = plainString(), prev.count == 64,
              literal(#","hash":"#), let hash = plainString(), hash.count == 64,
              byte(UInt8(ascii: "}")), p == line.count
        else { return false }
        f.prev = prev
        f.hash = hash
        return true
    }

    private mutating func dataValue(_ key: ByteSpan, _ f: inout LineFields) -> Bool {
        let k = key.bytes(in: line)
        switch k.count {
        case 4 where Self.equals(key, line, "deal"):
            guard let s = plainString() else { return false }; f.deal = s
        case 8 where Self.equals(key, line, "supplier"):
            guard let s = plainString() else { return false }; f.supplier = s
        case 9 where Self.equals(key, line, "recipient"):
            guard let s = plainString() else { return false }; f.recipient = s
        case 6 where Self.equals(key, line, "system"):
            guard let s = plainString() else { return false }; f.system = s
        case 8 where Self.equals(key, line, "category"):
            guard let s = plainString(), let category = Self.category(s, line) else { return false }
            f.category = category
        case 8 where Self.equals(key, line, "quantity"):
            guard let n = integer(), n >= 0 else { return false }; f.quantity = n
        case 18 where Self.equals(key, line, "quantity_estimated"):
            if literal("true") { f.quantityEstimated = true } else if literal("false") { f.quantityEstimated = false } else { return false }
        case 5 where Self.equals(key, line, "value"):
            guard literal(#"{"amount":"#), let amount = integer(), amount >= 0,
                  literal(#","currency":"#), let currency = plainString(), byte(UInt8(ascii: "}"))
            else { return false }
            f.valueAmount = amount
            f.valueCurrency = currency
        default:
            return skipValue(depth: 0)
        }
        return true
    }

    // MARK: Primitives

    @inline(__always) private func peek(_ b: UInt8) -> Bool { p < line.count && line[p] == b }

    @inline(__always) private mutating func byte(_ b: UInt8) -> Bool {
        guard p < line.count, line[p] == b else { return false }
        p += 1
        return true
    }

    private mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard line.count - p >= count, memcmp(line.baseAddress! + p, text.utf8Start, count) == 0 else { return false }
        p += count
        return true
    }

    /// A non-negative or negative integer that fits in Int64, no leading zeros.
    private mutating func integer() -> Int64? {
        var negative = false
        if peek(UInt8(ascii: "-")) { negative = true; p += 1 }
        let start = p
        var value: Int64 = 0
        while p < line.count, line[p] >= 0x30, line[p] <= 0x39 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(line[p] - 0x30))
            if o1 || o2 { return nil }
            value = sum
            p += 1
        }
        let digits = p - start
        if digits == 0 || (digits > 1 && line[start] == 0x30) { return nil }
        if p < line.count, line[p] == UInt8(ascii: ".") || line[p] == UInt8(ascii: "e") || line[p] == UInt8(ascii: "E") { return nil }
        if negative && value == 0 { return nil }
        return negative ? -value : value
    }

    /// A string without escapes (the fields the fast path reads never need them); its span
    /// excludes the quotes. Returns nil on an escape, so the caller falls back.
    private mutating func plainString() -> ByteSpan? {
        guard byte(UInt8(ascii: "\"")) else { return nil }
        let start = p
        // One pass for the closing quote and any backslash, eight bytes at a time, then byte by
        // byte from the first candidate (fields here are short: a loop beats memchr).
        skipToQuoteOrBackslash()
        while p < line.count {
            let b = line[p]
            if b == 0x22 {
                p += 1
                return ByteSpan(start: start, count: p - 1 - start)
            }
            if b == 0x5C { return nil }
            p += 1
        }
        return nil
    }

    /// Moves ``p`` over eight-byte words holding neither `"` nor `\`: onto the first such byte
    /// in the word that holds one, or to where fewer than eight bytes remain.
    @inline(__always) private mutating func skipToQuoteOrBackslash() {
        guard let base = line.baseAddress else { return }
        while p + 8 <= line.count {
            let word = base.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            let flagged = ByteWord.equal(word, 0x22) | ByteWord.equal(word, 0x5C)
            if flagged != 0 {
                p += ByteWord.firstFlagged(flagged)
                return
            }
            p += 8
        }
    }

    /// Skips a string, escapes included.
    private mutating func skipString() -> Bool {
        guard byte(UInt8(ascii: "\"")) else { return false }
        while p < line.count {
            skipToQuoteOrBackslash()
            guard p < line.count else { return false }
            let b = line[p]
            if b == UInt8(ascii: "\"") { p += 1; return true }
            p += b == UInt8(ascii: "\\") ? 2 : 1
        }
        return false
    }

    /// Skips any JSON value (strings, numbers, literals, nested arrays and objects).
    private mutating func skipValue(depth: Int) -> Bool {
        guard p < line.count, depth < JSONParser.maximumDepth else { return false }
        switch line[p] {
        case UInt8(ascii: "\""): return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = line[p] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = close == UInt8(ascii: "}")
            p += 1
            if byte(close) { return true }
            while true {
                if isObject {
                    guard skipString(), byte(UInt8(ascii: ":")) else { return false }
                }
                guard skipValue(depth: depth + 1) else { return false }
                if byte(UInt8(ascii: ",")) { continue }
                return byte(close)
            }
        default:
            // Numbers and literals: up to the next structural byte.
            let start = p
            while p < line.count, line[p] != UInt8(ascii: ","), line[p] != UInt8(ascii: "}"), line[p] != UInt8(ascii: "]") { p += 1 }
            return p > start
        }
    }

    static func equals(_ span: ByteSpan, _ line: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        span.count == text.utf8CodeUnitCount && memcmp(line.baseAddress! + span.start, text.utf8Start, span.count) == 0
    }

    static func eventType(_ span: ByteSpan, _ line: UnsafeRawBufferPointer) -> EventType? {
        EventTypeNames.type(span.bytes(in: line))
    }

    /// The category named by a span, compared as bytes (no string is built).
    static func category(_ span: ByteSpan, _ line: UnsafeRawBufferPointer) -> Category? {
        for category in Category.allCases {
            let raw = category.rawValue.utf8
            if raw.count == span.count,
               raw.withContiguousStorageIfAvailable({ memcmp(line.baseAddress! + span.start, $0.baseAddress!, span.count) == 0 }) == true {
                return category
            }
        }
        return nil
    }

    static func confidence(_ span: ByteSpan, _ line: UnsafeRawBufferPointer) -> Confidence? {
        switch span.count {
        case 9 where equals(span, line, "confirmed"): .confirmed
        case 8 where equals(span, line, "reported"): .reported
        case 7 where equals(span, line, "claimed"): .claimed
        case 9 where equals(span, line, "estimated"): .estimated
        default: nil
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
