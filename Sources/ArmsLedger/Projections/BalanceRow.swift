/// One supplier × recipient pair of the `balances` view: what the supplier's deals with the
/// recipient add up to.
///
/// Built by ``BalancesProjection`` from the register's rows, so every figure follows the
/// register's rules (see ``DealRow``): services count as delivered units, values are per
/// currency, unknown quantities add nothing and set ``Marks/quantityUnknown``.
public struct BalanceRow: Hashable, Sendable {
    public let supplier: ActorCode
    public let recipient: ActorCode
    /// The number of the pair's deals with at least one counted event.
    public let deals: Int
    /// Units ordered over the pair's deals.
    public let ordered: Int64
    /// Units delivered over the pair's deals.
    public let delivered: Int64
    /// Some ordered quantity of the pair is unknown.
    public let orderedQuantityUnknown: Bool
    /// Some delivered quantity of the pair is unknown.
    public let deliveredQuantityUnknown: Bool
    /// This supplier's part of all units the recipient received (``delivered`` over the sum of
    /// ``delivered`` of every supplier of the recipient), rounded to 3 decimals; nil when the
    /// recipient received no known units. Computed before any filter, so it always refers to
    /// the recipient's whole intake.
    public let share: Double?
    /// Delivered units by category (the category of each deal), for the categories in which
    /// the pair has a delivery or service (a category may show 0 units when every quantity in
    /// it is unknown).
    public let categories: [Category: Int64]
    /// The categories of ``categories`` in which some delivered quantity is unknown.
    public let categoriesQuantityUnknown: Set<Category>
    /// The sum of the deals' values (``DealRow/value``), per currency, sorted by currency.
    public let value: [Money]
    /// The marks of the pair's deals, joined.
    public let marks: Marks

    /// Creates a row. ``BalancesProjection`` is the usual way to get one.
    public init(supplier: ActorCode, recipient: ActorCode, deals: Int, ordered: Int64, delivered: Int64,
                orderedQuantityUnknown: Bool = false, deliveredQuantityUnknown: Bool = false, share: Double? = nil,
                categories: [Category: Int64] = [:], categoriesQuantityUnknown: Set<Category> = [], value: [Money] = [], marks: Marks = Marks()) {
        self.supplier = supplier
        self.recipient = recipient
        self.deals = deals
        self.ordered = ordered
        self.delivered = delivered
        self.orderedQuantityUnknown = orderedQuantityUnknown
        self.deliveredQuantityUnknown = deliveredQuantityUnknown
        self.share = share
        self.categories = categories
        self.categoriesQuantityUnknown = categoriesQuantityUnknown
        self.value = value
        self.marks = marks
    }

    /// Ordered units for a table: `12`, `12+?` or `?`.
    public var orderedText: String { Units.text(ordered, unknown: orderedQuantityUnknown) }

    /// Delivered units for a table: `12`, `12+?` or `?`.
    public var deliveredText: String { Units.text(delivered, unknown: deliveredQuantityUnknown) }

    /// The share as a percentage with one decimal (`66.7%`), or `-` when there is none.
    public var shareText: String {
        guard let share else { return "-" }
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// The categories with their units, in category order: `armour 12, uav 3+?`.
    public var categoriesText: String {
        categories.sorted { $0.key < $1.key }.map {
            "\($0.key.rawValue) " + Units.text($0.value, unknown: categoriesQuantityUnknown.contains($0.key))
        }.joined(separator: ", ")
    }

    /// The row as a JSON object: the SPEC section 7 keys first (`supplier`, `recipient`,
    /// `deals`, `ordered`, `delivered`), then `share` (a number 0–1 with at most 3 decimals, or
    /// null), `categories` (`{"<category>": units}` in category order), `value`
    /// (`[{"amount", "currency"}]`) and the four marks.
    public var json: JSONObject {
        var object = JSONObject()
        object["supplier"] = .string(supplier.rawValue)
        object["recipient"] = .string(recipient.rawValue)
        object["deals"] = .integer(Int64(deals))
        object["ordered"] = .integer(ordered)
        object["delivered"] = .integer(delivered)
        object["share"] = share.map { .number(Self.decimalText($0)) } ?? .null
        var categoryObject = JSONObject()
        for (category, units) in categories.sorted(by: { $0.key < $1.key }) {
            categoryObject[category.rawValue] = .integer(units)
        }
        object["categories"] = .object(categoryObject)
        object["value"] = Units.json(value)
        marks.addJSON(to: &object)
        return object
    }

    /// A fraction 0–1 as a JSON number literal with at most 3 decimals: `0.667`, `0.5`, `1`, `0`.
    static func decimalText(_ fraction: Double) -> String {
        let thousandths = Int((fraction * 1000).rounded())
        if thousandths % 1000 == 0 { return String(thousandths / 1000) }
        var decimals = String(thousandths % 1000)
        decimals = String(repeating: "0", count: 3 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return "\(thousandths / 1000).\(decimals)"
    }
}
