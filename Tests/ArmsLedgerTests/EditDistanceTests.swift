import Testing
import ArmsLedger

@Suite("EditDistance")
struct EditDistanceTests {
    @Test(arguments: [
        ("", "", 0), ("abc", "", 3), ("", "abc", 3), ("abc", "abc", 0), ("kitten", "sitting", 3),
        ("flaw", "lawn", 2), ("--asof", "--as-of", 1), ("quantity", "quantiy", 1), ("recipient", "reciepient", 1),
        ("supplier", "suplier", 1), ("ab", "ba", 2), ("café", "cafe", 1), ("Türkiye", "Turkiye", 1),
    ])
    func levenshteinCountsEdits(a: String, b: String, distance: Int) {
        #expect(EditDistance.levenshtein(a, b) == distance)
        #expect(EditDistance.levenshtein(b, a) == distance)
    }

    @Test func levenshteinAcceptsSubstrings() {
        let text = "xx--asofyy"
        let inner = text.dropFirst(2).dropLast(2)
        #expect(EditDistance.levenshtein(inner, "--as-of") == 1)
    }

    @Test func nearestSuggestsTheClosestOption() {
        let options = ["--as-of", "--known-at", "--strict-dates", "--format"]
        #expect(EditDistance.nearest(to: "--asof", among: options) == "--as-of")
        #expect(EditDistance.nearest(to: "--knownat", among: options) == "--known-at")
        #expect(EditDistance.nearest(to: "--fromat", among: options) == "--format")
    }

    @Test func nearestReturnsNilWhenNothingIsClose() {
        #expect(EditDistance.nearest(to: "--verbose", among: ["--as-of", "--format"]) == nil)
        #expect(EditDistance.nearest(to: "x", among: [String]()) == nil)
    }

    @Test func nearestHonoursMaxDistance() {
        #expect(EditDistance.nearest(to: "recpient", among: ["recipient"], maxDistance: 0) == nil)
        #expect(EditDistance.nearest(to: "recpient", among: ["recipient"], maxDistance: 1) == "recipient")
        #expect(EditDistance.nearest(to: "rcpnt", among: ["recipient"], maxDistance: 3) == nil)
        #expect(EditDistance.nearest(to: "rcpnt", among: ["recipient"], maxDistance: 4) == "recipient")
    }

    @Test func nearestPrefersTheSmallerDistanceThenTheFirstCandidate() {
        #expect(EditDistance.nearest(to: "cat", among: ["coast", "cap", "cut"]) == "cap")
        #expect(EditDistance.nearest(to: "cat", among: ["bat", "hat"]) == "bat")
        #expect(EditDistance.nearest(to: "deal", among: ["dea", "deal"]) == "deal")
    }
}
