/// An actor: an ISO 3166-1 alpha-3 code (`ARM`), or a code introduced by `actor.described`.
///
/// The shape is checked here (2–8 characters A–Z and 0–9, starting with a letter); whether the
/// code is known is the ledger's business (``LedgerFacts``).
public struct ActorCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code as written.
    public let rawValue: String

    /// Creates a code when `text` has the shape of one.
    public init?(_ text: String) {
        guard Self.hasShape(text.utf8) else { return nil }
        rawValue = text
    }

    /// True when `utf8` has the shape of a code: 2–8 bytes `A`–`Z` and `0`–`9`, the first a letter.
    static func hasShape(_ utf8: some Collection<UInt8>) -> Bool {
        guard (2...8).contains(utf8.count), let first = utf8.first, (0x41...0x5A).contains(first) else { return false }
        return utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }
    }

    /// True when this is a current ISO 3166-1 alpha-3 code.
    public var isISO: Bool { ISOCountries.contains(rawValue) }

    public var description: String { rawValue }
    public static func < (lhs: ActorCode, rhs: ActorCode) -> Bool { lhs.rawValue < rhs.rawValue }
}
