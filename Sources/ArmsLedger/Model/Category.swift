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

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Category, rhs: Category) -> Bool { lhs.rank < rhs.rank }
}
