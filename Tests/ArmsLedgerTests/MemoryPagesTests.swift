import Testing
import ArmsLedger

/// Populating pages is a hint: it never changes a byte, whatever the buffer's size or alignment.
@Suite("Memory pages")
struct MemoryPagesTests {
    @Test(arguments: [0, 1, 4095, 4096, 4097, 3 << 20])
    func populatingLeavesEveryByteAsItWas(count: Int) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var buffer = bytes
        for offset in [0, 1, 17] where offset <= count {
            buffer.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                MemoryPages.populateWritable(base + offset, count: count - offset)
            }
            #expect(buffer == bytes)
        }
    }
}
