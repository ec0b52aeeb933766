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
