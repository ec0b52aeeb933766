/// The weapon categories of SPEC section 4.
public enum Category: String, CaseIterable, Hashable, Sendable, Comparable {
    case ballisticMissile = "ballistic-missile"
    case rocketArtillery = "rocket-artillery"
    case artillery
    case armour
    case combatAircraft = "combat-aircraft"
    case helicopter
    case airDefence = "air-defence"
    case uav
    case loiteringMunition = "loitering-munition"
    case electronicWarfare = "electronic-warfare"
    case fireControl = "fire-control"
    case naval
    case smallArms = "small-arms"
    case other

    /// The category's place in ``allCases`` (its declaration order), without a search: the
    /// order of ``<`` and the slot of the category in per-category arrays.
    var ordinal: Int {
        switch self {
        case .ballisticMissile: 0
        case .rocketArtillery: 1
        case .artillery: 2
        case .armour: 3
        case .combatAircraft: 4
        case .helicopter: 5
        case .airDefence: 6
        case .uav: 7
        case .loiteringMunition: 8
        case .electronicWarfare: 9
        case .fireControl: 10
        case .naval: 11
        case .smallArms: 12
        case .other: 13
        }
    }

    public static func < (lhs: Category, rhs: Category) -> Bool { lhs.ordinal < rhs.ordinal }
}
