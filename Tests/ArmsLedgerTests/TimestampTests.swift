import Testing
import ArmsLedger

@Suite("Timestamp")
struct TimestampTests {
    @Test func parsesAndPrintsTheSpecExample() throws {
        let timestamp = try #require(Timestamp(rfc3339: "2026-11-23T10:00:00Z"))
        #expect(timestamp.secondsSinceEpoch == 1_795_428_000)
        #expect(timestamp.description == "2026-11-23T10:00:00Z")
        #expect(timestamp.day.description == "2026-11-23")
        #expect(timestamp.compactUTC == "20261123T100000Z")
    }

    @Test(arguments: [
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2024-02-29T12:34:56Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", "2000-03-01T00:00:01Z",
    ])
    func descriptionRoundTripsExactly(text: String) throws {
        let timestamp = try #require(Timestamp(rfc3339: text))
        #expect(timestamp.description == text)
        #expect(Timestamp(rfc3339: timestamp.description) == timestamp)
    }

    @Test func beforeTheEpochUsesFloorDivision() throws {
        let timestamp = try #require(Timestamp(rfc3339: "1969-12-31T23:59:59Z"))
        #expect(timestamp.secondsSinceEpoch == -1)
        #expect(timestamp.day.description == "1969-12-31")
        #expect(timestamp.compactUTC == "19691231T235959Z")
    }

    @Test(arguments: [
        "", "2026-11-23", "2026-11-23T10:00:00", "2026-11-23T10:00:00z", "2026-11-23t10:00:00Z",
        "2026-11-23 10:00:00Z", "2026-11-23T10:00:00.5Z", "2026-11-23T10:00:00+00:00", "2026-11-23T10:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T10:60:00Z", "2026-11-23T10:00:60Z", "2019-02-29T10:00:00Z",
        "2026-13-23T10:00:00Z", "12026-11-23T10:00:00Z", " 2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z ",
        "2026-11-23T1a:00:00Z",
    ])
    func rejectsAnyOtherForm(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func ordersChronologically() throws {
        let a = try #require(Timestamp(rfc3339: "2026-11-23T10:00:00Z"))
        let b = try #require(Timestamp(rfc3339: "2026-11-23T10:00:01Z"))
        #expect(a < b)
        #expect(a == Timestamp(secondsSinceEpoch: a.secondsSinceEpoch))
    }

    @Test func nowIsAfterThisCodeWasWritten() throws {
        let written = try #require(Timestamp(rfc3339: "2025-01-01T00:00:00Z"))
        let now = Timestamp.now()
        #expect(now > written)
        #expect(Timestamp(rfc3339: now.description) == now)
    }
}
