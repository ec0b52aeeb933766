/// One member's line in the obligations view: how many of its deliveries cut across the
/// alliance's obligations, and when ("BLR: 6 transfers to adversaries of fellow members, 2013–2022").
public struct ObligationTally: Sendable {
    /// The member.
    public let member: ActorCode
    /// Distinct deliveries (transfers and services) that cut across the obligations.
    public let transfers: Int
    /// Units in those deliveries whose quantity is known (a lower bound when ``marks`` says some are unknown).
    public let units: Int64
    /// The first year of the earliest such delivery's date, or nil when there is none.
    public let firstYear: Int?
    /// The last year any such delivery's date can stand for, or nil when there is none.
    public let lastYear: Int?
    /// The marks of those deliveries together.
    public let marks: Marks

    /// Creates a tally.
    public init(member: ActorCode, transfers: Int, units: Int64, firstYear: Int?, lastYear: Int?, marks: Marks) {
        self.member = member
        self.transfers = transfers
        self.units = units
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.marks = marks
    }

    /// The one-line tally: `BLR: 6 transfers to adversaries of fellow members, 2013–2022`, or
    /// `ARM: no transfers to adversaries of fellow members`.
    public var text: String {
        guard transfers > 0 else { return "\(member): no transfers to adversaries of fellow members" }
        var line = "\(member): \(transfers) transfer\(transfers == 1 ? "" : "s") to adversaries of fellow members"
        if let firstYear, let lastYear {
            line += firstYear == lastYear ? ", \(firstYear)" : ", \(firstYear)\u{2013}\(lastYear)"
        }
        return line
    }
}
