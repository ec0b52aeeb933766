internal import CArmsLedgerSHA

// SHA-256 (FIPS 180-4) in pure Swift.
//
// Invariants of the unsafe code in this file:
// - `_compress(blocks:count:)` reads exactly `64 * count` bytes starting at `blocks`; callers pass a
//   pointer into a buffer that holds at least that many bytes. Reads are unaligned loads.
// - `tail` holds `tailCount` (0...63) bytes of input not yet compressed; it is a 64-byte inline tuple,
//   so no hashing step allocates on the heap.

/// A streaming SHA-256 hasher (FIPS 180-4).
///
/// Feed bytes with ``update(_:)-(UnsafeRawBufferPointer)`` in as many chunks as you like, then call
/// ``finalize()`` once to get the ``SHA256Digest``. The result depends only on the concatenation of the
/// chunks, never on how the input was split.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(Array("ab".utf8))
/// hasher.update(Array("c".utf8))
/// let digest = hasher.finalize()   // ba7816bf…f20015ad
/// ```
///
/// Full 64-byte blocks are compressed straight from the caller's memory without copying; the state
/// and message schedule live in local variables, so hashing never allocates.
public struct SHA256: Sendable {
    // The eight chaining words H0…H7.
    private var h0: UInt32 = 0x6a09_e667
    private var h1: UInt32 = 0xbb67_ae85
    private var h2: UInt32 = 0x3c6e_f372
    private var h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f
    private var h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab
    private var h7: UInt32 = 0x5be0_cd19

    /// Input bytes waiting for a full block (64 bytes of inline storage).
    private var tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// How many bytes of `tail` are in use, 0...63.
    private var tailCount: Int = 0
    /// Total number of message bytes fed so far.
    private var byteCount: UInt64 = 0

    /// When true, the portable Swift compression is used even where the CPU's SHA extensions
    /// are available (tests hash with both and compare).
    var portableOnly = false

    /// Creates a hasher in the initial state of FIPS 180-4, section 5.3.3.
    public init() {}

    /// Feeds the bytes of a raw buffer into the hash.
    ///
    /// - Parameter buffer: The next bytes of the message; may be empty.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard var base = buffer.baseAddress, buffer.count > 0 else { return }
        var remaining = buffer.count
        byteCount &+= UInt64(truncatingIfNeeded: remaining)

        if tailCount > 0 {
            let take = min(64 - tailCount, remaining)
            let start = tailCount
            withUnsafeMutableBytes(of: &tail) { tailBytes in
                tailBytes.baseAddress!.advanced(by: start).copyMemory(from: base, byteCount: take)
            }
            tailCount += take
            base += take
            remaining -= take
            guard tailCount == 64 else { return }
            var block = tail
            withUnsafeBytes(of: &block) { _compress(blocks: $0.baseAddress!, count: 1) }
            tailCount = 0
        }

        let fullBlocks = remaining / 64
        if fullBlocks > 0 {
            _compress(blocks: base, count: fullBlocks)
            base += fullBlocks * 64
            remaining -= fullBlocks * 64
        }

        if remaining > 0 {
            let count = remaining
            withUnsafeMutableBytes(of: &tail) { tailBytes in
                tailBytes.baseAddress!.copyMemory(from: base, byteCount: count)
            }
            tailCount = count
        }
    }

    /// Feeds a sequence of bytes into the hash.
    ///
    /// Contiguous collections (`[UInt8]`, `ArraySlice<UInt8>`, `String.UTF8View` of a native string,
    /// `Data`) are hashed in place; other sequences are copied through a small buffer.
    ///
    /// - Parameter bytes: The next bytes of the message; may be empty.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done != nil { return }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(4096)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == 4096 {
                chunk.withUnsafeBytes { update($0) }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        chunk.withUnsafeBytes { update($0) }
    }

    /// Pads the message (FIPS 180-4, section 5.1.1) and returns its digest.
    ///
    /// - Returns: The SHA-256 digest of every byte fed so far.
    public consuming func finalize() -> SHA256Digest {
        let messageBits = byteCount &* 8
        // 0x80, then zeros up to 56 mod 64, then the 64-bit big-endian bit length: at most 72 bytes.
        var padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0)
        let zeros = (tailCount < 56 ? 55 : 119) - tailCount
        let padLength = 1 + zeros + 8
        withUnsafeMutableBytes(of: &padding) { pad in
            pad[0] = 0x80
            pad.storeBytes(of: messageBits.bigEndian, toByteOffset: 1 + zeros, as: UInt64.self)
            update(UnsafeRawBufferPointer(rebasing: pad[..<padLength]))
        }
        return SHA256Digest(
            word0: UInt64(h0) << 32 | UInt64(h1),
            word1: UInt64(h2) << 32 | UInt64(h3),
            word2: UInt64(h4) << 32 | UInt64(h5),
            word3: UInt64(h6) << 32 | UInt64(h7)
        )
    }

    /// Returns the SHA-256 digest of a sequence of bytes in one call.
    ///
    /// - Parameter bytes: The whole message.
    /// - Returns: Its digest.
    public static func hash(_ bytes: some Sequence<UInt8>) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Returns the SHA-256 digest of the bytes of a raw buffer in one call.
    ///
    /// - Parameter buffer: The whole message.
    /// - Returns: Its digest.
    public static func hash(_ buffer: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(buffer)
        return hasher.finalize()
    }

    /// Compresses `count` consecutive 64-byte blocks starting at `blocks` into the chaining state.
    ///
    /// The working variables and the rolling 16-word message schedule are locals, and the 64 rounds are
    /// unrolled with the variables renamed instead of shifted (generated; see FIPS 180-4, section 6.2.2).
    private mutating func _compress(blocks: UnsafeRawPointer, count: Int) {
        if Self.hardwareAvailable && !portableOnly {
            var state = (h0, h1, h2, h3, h4, h5, h6, h7)
            withUnsafeMutableBytes(of: &state) { words in
                armsledger_sha256_hardware_blocks(words.baseAddress!.assumingMemoryBound(to: UInt32.self),
                                                  blocks.assumingMemoryBound(to: UInt8.self), count)
            }
            (h0, h1, h2, h3, h4, h5, h6, h7) = state
        } else {
            _compressPortable(blocks: blocks, count: count)
        }
    }

    /// True when the CPU has the SHA extensions and compression runs in `CArmsLedgerSHA`;
    /// otherwise the portable Swift rounds below are used.
    public static let hardwareAvailable = armsledger_sha256_hardware_available() == 1

    /// The portable compression (FIPS 180-4, section 6.2.2), the reference and the fallback.
    private mutating func _compressPortable(blocks: UnsafeRawPointer, count: Int) {
        var s0 = h0, s1 = h1, s2 = h2, s3 = h3, s4 = h4, s5 = h5, s6 = h6, s7 = h7
        var block = blocks
        for _ in 0..<count {
            var a = s0, b = s1, c = s2, d = s3, e = s4, f = s5, g = s6, h = s7
            var w0 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            var w1 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            var w2 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            var w3 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            var w4 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            var w5 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
            var w6 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
            var w7 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
            var w8 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
            var w9 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
            var w10 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
            var w11 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
            var w12 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
            var w13 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
            var w14 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
            var w15 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
            _round(&h, &d, a, b, c, e, f, g, 0x428a2f98, w0)
            _round(&g, &c, h, a, b, d, e, f, 0x71374491, w1)
            _round(&f, &b, g, h, a, c, d, e, 0xb5c0fbcf, w2)
            _round(&e, &a, f, g, h, b, c, d, 0xe9b5dba5, w3)
            _round(&d, &h, e, f, g, a, b, c, 0x3956c25b, w4)
            _round(&c, &g, d, e, f, h, a, b, 0x59f111f1, w5)
            _round(&b, &f, c, d, e, g, h, a, 0x923f82a4, w6)
            _round(&a, &e, b, c, d, f, g, h, 0xab1c5ed5, w7)
            _round(&h, &d, a, b, c, e, f, g, 0xd807aa98, w8)
            _round(&g, &c, h, a, b, d, e, f, 0x12835b01, w9)
            _round(&f, &b, g, h, a, c, d, e, 0x243185be, w10)
            _round(&e, &a, f, g, h, b, c, d, 0x550c7dc3, w11)
            _round(&d, &h, e, f, g, a, b, c, 0x72be5d74, w12)
            _round(&c, &g, d, e, f, h, a, b, 0x80deb1fe, w13)
            _round(&b, &f, c, d, e, g, h, a, 0x9bdc06a7, w14)
            _round(&a, &e, b, c, d, f, g, h, 0xc19bf174, w15)
            w0 = w0 &+ _sigma1(w14) &+ w9 &+ _sigma0(w1)
            _round(&h, &d, a, b, c, e, f, g, 0xe49b69c1, w0)
            w1 = w1 &+ _sigma1(w15) &+ w10 &+ _sigma0(w2)
            _round(&g, &c, h, a, b, d, e, f, 0xefbe4786, w1)
            w2 = w2 &+ _sigma1(w0) &+ w11 &+ _sigma0(w3)
            _round(&f, &b, g, h, a, c, d, e, 0x0fc19dc6, w2)
            w3 = w3 &+ _sigma1(w1) &+ w12 &+ _sigma0(w4)
            _round(&e, &a, f, g, h, b, c, d, 0x240ca1cc, w3)
            w4 = w4 &+ _sigma1(w2) &+ w13 &+ _sigma0(w5)
            _round(&d, &h, e, f, g, a, b, c, 0x2de92c6f, w4)
            w5 = w5 &+ _sigma1(w3) &+ w14 &+ _sigma0(w6)
            _round(&c, &g, d, e, f, h, a, b, 0x4a7484aa, w5)
            w6 = w6 &+ _sigma1(w4) &+ w15 &+ _sigma0(w7)
            _round(&b, &f, c, d, e, g, h, a, 0x5cb0a9dc, w6)
            w7 = w7 &+ _sigma1(w5) &+ w0 &+ _sigma0(w8)
            _round(&a, &e, b, c, d, f, g, h, 0x76f988da, w7)
            w8 = w8 &+ _sigma1(w6) &+ w1 &+ _sigma0(w9)
            _round(&h, &d, a, b, c, e, f, g, 0x983e5152, w8)
            w9 = w9 &+ _sigma1(w7) &+ w2 &+ _sigma0(w10)
            _round(&g, &c, h, a, b, d, e, f, 0xa831c66d, w9)
            w10 = w10 &+ _sigma1(w8) &+ w3 &+ _sigma0(w11)
            _round(&f, &b, g, h, a, c, d, e, 0xb00327c8, w10)
            w11 = w11 &+ _sigma1(w9) &+ w4 &+ _sigma0(w12)
            _round(&e, &a, f, g, h, b, c, d, 0xbf597fc7, w11)
            w12 = w12 &+ _sigma1(w10) &+ w5 &+ _sigma0(w13)
            _round(&d, &h, e, f, g, a, b, c, 0xc6e00bf3, w12)
            w13 = w13 &+ _sigma1(w11) &+ w6 &+ _sigma0(w14)
            _round(&c, &g, d, e, f, h, a, b, 0xd5a79147, w13)
            w14 = w14 &+ _sigma1(w12) &+ w7 &+ _sigma0(w15)
            _round(&b, &f, c, d, e, g, h, a, 0x06ca6351, w14)
            w15 = w15 &+ _sigma1(w13) &+ w8 &+ _sigma0(w0)
            _round(&a, &e, b, c, d, f, g, h, 0x14292967, w15)
            w0 = w0 &+ _sigma1(w14) &+ w9 &+ _sigma0(w1)
            _round(&h, &d, a, b, c, e, f, g, 0x27b70a85, w0)
            w1 = w1 &+ _sigma1(w15) &+ w10 &+ _sigma0(w2)
            _round(&g, &c, h, a, b, d, e, f, 0x2e1b2138, w1)
            w2 = w2 &+ _sigma1(w0) &+ w11 &+ _sigma0(w3)
            _round(&f, &b, g, h, a, c, d, e, 0x4d2c6dfc, w2)
            w3 = w3 &+ _sigma1(w1) &+ w12 &+ _sigma0(w4)
            _round(&e, &a, f, g, h, b, c, d, 0x53380d13, w3)
            w4 = w4 &+ _sigma1(w2) &+ w13 &+ _sigma0(w5)
            _round(&d, &h, e, f, g, a, b, c, 0x650a7354, w4)
            w5 = w5 &+ _sigma1(w3) &+ w14 &+ _sigma0(w6)
            _round(&c, &g, d, e, f, h, a, b, 0x766a0abb, w5)
            w6 = w6 &+ _sigma1(w4) &+ w15 &+ _sigma0(w7)
            _round(&b, &f, c, d, e, g, h, a, 0x81c2c92e, w6)
            w7 = w7 &+ _sigma1(w5) &+ w0 &+ _sigma0(w8)
            _round(&a, &e, b, c, d, f, g, h, 0x92722c85, w7)
            w8 = w8 &+ _sigma1(w6) &+ w1 &+ _sigma0(w9)
            _round(&h, &d, a, b, c, e, f, g, 0xa2bfe8a1, w8)
            w9 = w9 &+ _sigma1(w7) &+ w2 &+ _sigma0(w10)
            _round(&g, &c, h, a, b, d, e, f, 0xa81a664b, w9)
            w10 = w10 &+ _sigma1(w8) &+ w3 &+ _sigma0(w11)
            _round(&f, &b, g, h, a, c, d, e, 0xc24b8b70, w10)
            w11 = w11 &+ _sigma1(w9) &+ w4 &+ _sigma0(w12)
            _round(&e, &a, f, g, h, b, c, d, 0xc76c51a3, w11)
            w12 = w12 &+ _sigma1(w10) &+ w5 &+ _sigma0(w13)
            _round(&d, &h, e, f, g, a, b, c, 0xd192e819, w12)
            w13 = w13 &+ _sigma1(w11) &+ w6 &+ _sigma0(w14)
            _round(&c, &g, d, e, f, h, a, b, 0xd6990624, w13)
            w14 = w14 &+ _sigma1(w12) &+ w7 &+ _sigma0(w15)
            _round(&b, &f, c, d, e, g, h, a, 0xf40e3585, w14)
            w15 = w15 &+ _sigma1(w13) &+ w8 &+ _sigma0(w0)
            _round(&a, &e, b, c, d, f, g, h, 0x106aa070, w15)
            w0 = w0 &+ _sigma1(w14) &+ w9 &+ _sigma0(w1)
            _round(&h, &d, a, b, c, e, f, g, 0x19a4c116, w0)
            w1 = w1 &+ _sigma1(w15) &+ w10 &+ _sigma0(w2)
            _round(&g, &c, h, a, b, d, e, f, 0x1e376c08, w1)
            w2 = w2 &+ _sigma1(w0) &+ w11 &+ _sigma0(w3)
            _round(&f, &b, g, h, a, c, d, e, 0x2748774c, w2)
            w3 = w3 &+ _sigma1(w1) &+ w12 &+ _sigma0(w4)
            _round(&e, &a, f, g, h, b, c, d, 0x34b0bcb5, w3)
            w4 = w4 &+ _sigma1(w2) &+ w13 &+ _sigma0(w5)
            _round(&d, &h, e, f, g, a, b, c, 0x391c0cb3, w4)
            w5 = w5 &+ _sigma1(w3) &+ w14 &+ _sigma0(w6)
            _round(&c, &g, d, e, f, h, a, b, 0x4ed8aa4a, w5)
            w6 = w6 &+ _sigma1(w4) &+ w15 &+ _sigma0(w7)
            _round(&b, &f, c, d, e, g, h, a, 0x5b9cca4f, w6)
            w7 = w7 &+ _sigma1(w5) &+ w0 &+ _sigma0(w8)
            _round(&a, &e, b, c, d, f, g, h, 0x682e6ff3, w7)
            w8 = w8 &+ _sigma1(w6) &+ w1 &+ _sigma0(w9)
            _round(&h, &d, a, b, c, e, f, g, 0x748f82ee, w8)
            w9 = w9 &+ _sigma1(w7) &+ w2 &+ _sigma0(w10)
            _round(&g, &c, h, a, b, d, e, f, 0x78a5636f, w9)
            w10 = w10 &+ _sigma1(w8) &+ w3 &+ _sigma0(w11)
            _round(&f, &b, g, h, a, c, d, e, 0x84c87814, w10)
            w11 = w11 &+ _sigma1(w9) &+ w4 &+ _sigma0(w12)
            _round(&e, &a, f, g, h, b, c, d, 0x8cc70208, w11)
            w12 = w12 &+ _sigma1(w10) &+ w5 &+ _sigma0(w13)
            _round(&d, &h, e, f, g, a, b, c, 0x90befffa, w12)
            w13 = w13 &+ _sigma1(w11) &+ w6 &+ _sigma0(w14)
            _round(&c, &g, d, e, f, h, a, b, 0xa4506ceb, w13)
            w14 = w14 &+ _sigma1(w12) &+ w7 &+ _sigma0(w15)
            _round(&b, &f, c, d, e, g, h, a, 0xbef9a3f7, w14)
            w15 = w15 &+ _sigma1(w13) &+ w8 &+ _sigma0(w0)
            _round(&a, &e, b, c, d, f, g, h, 0xc67178f2, w15)
            s0 &+= a; s1 &+= b; s2 &+= c; s3 &+= d; s4 &+= e; s5 &+= f; s6 &+= g; s7 &+= h
            block += 64
        }
        h0 = s0; h1 = s1; h2 = s2; h3 = s3; h4 = s4; h5 = s5; h6 = s6; h7 = s7
    }
}

// MARK: - Round functions (FIPS 180-4, section 4.1.2)

@inline(__always)
private func _rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
    (x &>> n) | (x &<< (32 &- n))
}

/// σ0 of the message schedule.
@inline(__always)
private func _sigma0(_ x: UInt32) -> UInt32 {
    _rotr(x, 7) ^ _rotr(x, 18) ^ (x &>> 3)
}

/// σ1 of the message schedule.
@inline(__always)
private func _sigma1(_ x: UInt32) -> UInt32 {
    _rotr(x, 17) ^ _rotr(x, 19) ^ (x &>> 10)
}

/// One round: `h` becomes the new `a`, `d` the new `e`; the caller renames the other six.
@inline(__always)
private func _round(
    _ h: inout UInt32, _ d: inout UInt32,
    _ a: UInt32, _ b: UInt32, _ c: UInt32,
    _ e: UInt32, _ f: UInt32, _ g: UInt32,
    _ k: UInt32, _ w: UInt32
) {
    let bigSigma1 = _rotr(e, 6) ^ _rotr(e, 11) ^ _rotr(e, 25)
    let choose = g ^ (e & (f ^ g))  // Ch(e, f, g) with one operation fewer
    let t1 = h &+ bigSigma1 &+ choose &+ k &+ w
    let bigSigma0 = _rotr(a, 2) ^ _rotr(a, 13) ^ _rotr(a, 22)
    let majority = (a & b) | (c & (a | b))  // Maj(a, b, c)
    d &+= t1
    h = t1 &+ bigSigma0 &+ majority
}
