import Testing
import ArmsLedger

@Suite("ISO codes")
struct ISOCodesTests {
    @Test(arguments: [
        ("ARM", "Armenia"), ("AZE", "Azerbaijan"), ("BLR", "Belarus"), ("RUS", "Russian Federation"),
        ("ISR", "Israel"), ("TUR", "Türkiye"), ("KAZ", "Kazakhstan"), ("BOL", "Bolivia"), ("TWN", "Taiwan"),
    ])
    func countriesHaveTheirDataNames(code: String, name: String) {
        #expect(ISOCountries.name(for: code) == name)
        #expect(ISOCountries.name(for: Substring(code)) == name)
    }

    @Test(arguments: ["XXX", "arm", "Arm", "AR", "ARMS", "", "A1M", "ÄRM"])
    func nonCodesHaveNoName(code: String) {
        #expect(ISOCountries.name(for: code) == nil)
    }

    @Test func membershipAgreesWithTheNameLookupOnEveryThreeLetterCode() {
        let letters = (UInt8(ascii: "A")...UInt8(ascii: "Z")).map { String(UnicodeScalar($0)) }
        var members = 0
        for a in letters {
            for b in letters {
                for c in letters {
                    let code = a + b + c
                    #expect(ISOCountries.contains(code) == (ISOCountries.name(for: code) != nil), "\(code)")
                    if ISOCountries.contains(code) { members += 1 }
                }
            }
        }
        #expect(members == ISOCountries.all.count)
    }

    @Test(arguments: ["XXX", "arm", "Arm", "AR", "ARMS", "", "A1M", "ÄRM", "AR@", "[RM"])
    func membershipRefusesWhatIsNoCode(code: String) {
        #expect(!ISOCountries.contains(code))
        #expect(!ISOCountries.contains(Substring(code)))
    }

    @Test func allIsSortedAndAgreesWithLookup() {
        let codes = ISOCountries.all.map(\.code)
        #expect(codes.count == 249)
        #expect(codes == codes.sorted())
        #expect(Set(codes).count == codes.count)
        for (code, name) in ISOCountries.all {
            #expect(ISOCountries.name(for: code) == name)
        }
    }

    @Test(arguments: ["USD", "EUR", "RUB", "AZN", "AMD", "BYN", "ILS", "TRY", "KZT"])
    func currenciesArePresent(code: String) {
        #expect(ISOCurrencies.contains(code))
    }

    @Test(arguments: ["ABC", "usd", "US", "USDD", ""])
    func nonCurrenciesAreAbsent(code: String) {
        #expect(!ISOCurrencies.contains(code))
    }

    @Test func everyListedCurrencyIsContained() {
        #expect(ISOCurrencies.all.count > 150)
        #expect(ISOCurrencies.all.allSatisfy { ISOCurrencies.contains($0) })
    }
}
