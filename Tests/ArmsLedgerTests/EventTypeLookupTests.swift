import Testing
@testable import ArmsLedger

/// The replay's per-line type questions: the name lookup on bytes and the bit-mask set.
@Suite("Event type lookup")
struct EventTypeLookupTests {
    static func type(_ bytes: [UInt8]) -> EventType? {
        bytes.withUnsafeBytes { EventTypeNames.type($0) }
    }

    @Test func everyNameGivesItsTypeAndOrdinalsFollowAllCases() {
        for (index, type) in EventType.allCases.enumerated() {
            #expect(Self.type(Array(type.rawValue.utf8)) == type)
            #expect(type.ordinal == index, "\(type)")
        }
    }

    @Test func aNameChangedInAnyByteOrCutShortGivesNoType() {
        let names = Set(EventType.allCases.map(\.rawValue))
        for type in EventType.allCases {
            let name = Array(type.rawValue.utf8)
            for position in name.indices {
                for replacement: UInt8 in [0x00, 0x2E, 0x61, 0x7A, 0xFF, name[position] ^ 0x20] where replacement != name[position] {
                    var changed = name
                    changed[position] = replacement
                    let expected = names.contains(String(decoding: changed, as: UTF8.self)) ? EventType(rawValue: String(decoding: changed, as: UTF8.self)) : nil
                    #expect(Self.type(changed) == expected, "\(type) byte \(position) -> \(replacement)")
                }
            }
            #expect(Self.type(Array(name.dropLast())) == nil, "\(type) cut short")
            #expect(Self.type(Array(name.dropFirst())) == nil, "\(type) without its first byte")
            #expect(Self.type(name + [0x73]) == nil, "\(type) with a byte more")
        }
    }

    @Test func shortLongAndRandomBytesGiveNoType() {
        var random = FastRegisterTests.Seeded(state: 7)
        for count in 0..<40 {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(Self.type(bytes) == nil, "\(bytes)")
        }
        #expect(Self.type(Array("transfer.deliverex".utf8)) == nil)
        #expect(Self.type(Array("transfer_delivered".utf8)) == nil)
    }

    @Test func aTypeSetHoldsExactlyItsTypes() {
        var random = FastRegisterTests.Seeded(state: 3)
        #expect(EventTypeSet([]).isEmpty)
        for _ in 0..<200 {
            let chosen = Set(EventType.allCases.filter { _ in Bool.random(using: &random) })
            let set = EventTypeSet(chosen)
            #expect(set.isEmpty == chosen.isEmpty)
            for type in EventType.allCases { #expect(set.contains(type) == chosen.contains(type), "\(chosen) \(type)") }
        }
    }
}
