/// What an EDTF date names: a day, a month, a year, a season, or an interval between two dates.
public enum EDTFPrecision: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// A single day, `2018-06-14`.
    case day
    /// A whole month, `2018-06`.
    case month
    /// A whole year, `2018`.
    case year
    /// A season, `2018-21` (spring) … `2018-24` (winter).
    case season
    /// An interval, `2018/2022`, possibly open at one end (`2023-09/..`, `../1999`).
    case interval

    /// `day`, `month`, `year`, `season` or `interval`.
    public var description: String {
        switch self {
        case .day: "day"
        case .month: "month"
        case .year: "year"
        case .season: "season"
        case .interval: "interval"
        }
    }
}
