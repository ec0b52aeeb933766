import Testing
@testable import ArmsLedger

/// `PairSlots` numbers pairs as a dictionary keyed by the pair would, across table widenings
/// and past the dense limit.
@Suite("Pair slots")
struct PairSlotsTests {
    /// Pairs drawn from `actors` name ids (spread out, as interned ids are), numbered the slow way alongside.
    static func check(actors: Int, pairs: Int, denseLimit: Int, seed: UInt64) {
        var generator = FastRegisterTests.Seeded(state: seed)
        var slots = PairSlots(denseLimit: denseLimit)
        var expected: [[Int32]: Int] = [:]
        for _ in 0..<pairs {
            let supplier = Int32(Int.random(in: 0..<actors, using: &generator) * 37 + 5)
            let recipient = Int32(Int.random(in: 0..<actors, using: &generator) * 37 + 5)
            let next = expected.count
            let index = slots.index(supplier, recipient, next: next)
            if let known = expected[[supplier, recipient]] {
                #expect(index == known)
            } else {
                #expect(index == next)
                expected[[supplier, recipient]] = next
            }
        }
    }

    @Test func pairsKeepTheirIndexWhileTheTableWidens() {
        Self.check(actors: 300, pairs: 20_000, denseLimit: 2048, seed: 1)
    }

    @Test func actorsPastTheDenseLimitFallBackToTheDictionary() {
        Self.check(actors: 90, pairs: 6_000, denseLimit: 16, seed: 2)
        Self.check(actors: 40, pairs: 3_000, denseLimit: 1, seed: 3)
    }

    @Test func categoryOrdinalsFollowTheDeclarationOrder() {
        for (offset, category) in Category.allCases.enumerated() { #expect(category.ordinal == offset) }
    }
}
