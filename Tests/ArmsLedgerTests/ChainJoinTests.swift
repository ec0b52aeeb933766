import Testing
@testable import ArmsLedger

/// `ChainJoin`: the rule the parallel replays use to accept their halves as one chain.
@Suite("Chain join")
struct ChainJoinTests {
    static let zeros = [UInt8](repeating: UInt8(ascii: "0"), count: 64)
    static func hash(_ digit: Character) -> [UInt8] { Array(String(repeating: digit, count: 64).utf8) }

    /// Joins each part, `(first seq, first prev, last seq, last hash)`, in turn; the outcomes.
    static func join(_ parts: [(Int?, [UInt8], Int, [UInt8])], into chain: inout ChainJoin) -> [Bool] {
        parts.map { chain.join(firstSeq: $0.0, firstPrev: $0.1, lastSeq: $0.2, lastHash: $0.3) }
    }

    @Test func partsThatContinueEachOtherJoinAndEmptyPartsLeaveTheEnd() {
        var chain = ChainJoin()
        let joined = Self.join([(nil, [], 0, []), (1, Self.zeros, 40, Self.hash("a")), (nil, [], 0, [])], into: &chain)
        #expect(joined == [true, true, true])
        #expect(chain.lastSeq == 40)
        let next = Self.join([(41, Self.hash("a"), 90, Self.hash("b"))], into: &chain)
        #expect(next == [true])
        #expect(chain.lastSeq == 90)
    }

    @Test func theFirstLineMustStartTheChain() {
        var late = ChainJoin()
        #expect(Self.join([(2, Self.zeros, 5, Self.hash("a"))], into: &late) == [false])
        var linked = ChainJoin()
        #expect(Self.join([(1, Self.hash("f"), 5, Self.hash("a"))], into: &linked) == [false])
        #expect(linked.lastSeq == 0)
    }

    @Test func aGapARepeatOrAnotherPrevBreaksTheJoin() {
        for (first, prev) in [(12, Self.hash("a")), (11, Self.hash("c")), (10, Self.hash("a"))] {
            var chain = ChainJoin()
            let joined = Self.join([(1, Self.zeros, 10, Self.hash("a")), (first, prev, 20, Self.hash("b"))], into: &chain)
            #expect(joined == [true, false], "\(first)")
            #expect(chain.lastSeq == 10)
        }
    }
}
