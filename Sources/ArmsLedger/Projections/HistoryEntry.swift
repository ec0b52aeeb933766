/// One event in a ``History``, with how the replay's clock treats it and the corrections aimed
/// at it.
public struct HistoryEntry: Hashable, Sendable {
    /// How the clock treats an event. History shows every event of the entity, so it says
    /// which ones the other views leave out, and why.
    public enum Standing: String, Hashable, Sendable, CustomStringConvertible {
        /// The event counts at the clock.
        case counted
        /// Its `occurred` lower bound is after D (or, with strict dates, its upper bound).
        case notYetHappened = "not-yet-happened"
        /// Its known date is after K.
        case notYetKnown = "not-yet-known"
        /// A retraction known at K removes it.
        case retracted

        /// The JSON spelling (`not-yet-known`).
        public var description: String { rawValue }

        /// The table spelling (`not yet known`).
        public var text: String { String(rawValue.map { $0 == "-" ? " " : $0 }) }
    }

    /// The event.
    public let event: Event
    /// How the clock treats it.
    public let standing: Standing
    /// It counts, but its `occurred` range reaches past D.
    public let uncertainDate: Bool
    /// The disputes aimed at it that are known at K and not themselves retracted, in seq order.
    public let disputedBy: [Event]
    /// The retraction that removes it, when ``standing`` is ``Standing/retracted``.
    public let retractedBy: Event?

    /// Creates an entry.
    public init(event: Event, standing: Standing, uncertainDate: Bool = false, disputedBy: [Event] = [],
                retractedBy: Event? = nil) {
        self.event = event
        self.standing = standing
        self.uncertainDate = uncertainDate
        self.disputedBy = disputedBy
        self.retractedBy = retractedBy
    }

    /// The entry's marks: disputed, uncertain date, and for deal events quantity unknown and
    /// estimated.
    public var marks: Marks {
        var marks = Marks(disputed: !disputedBy.isEmpty, uncertainDate: uncertainDate)
        if let facts = event.payload.transfer {
            switch event.type {
            case .transferOrdered, .transferDelivered, .serviceDelivered: marks.quantityUnknown = facts.quantity == nil
            default: break
            }
            marks.estimated = facts.quantityEstimated
        }
        return marks
    }

    /// A short note for a table: the standing when the event does not count, the corrections
    /// aimed at it, and what a correction aims at.
    public var note: String {
        var parts: [String] = []
        switch standing {
        case .counted: break
        case .retracted: parts.append("retracted" + (retractedBy.map { " by \($0.id)" } ?? ""))
        case .notYetHappened, .notYetKnown: parts.append(standing.text)
        }
        if !disputedBy.isEmpty { parts.append("disputed by " + disputedBy.map(\.id).joined(separator: ", ")) }
        switch event.payload {
        case .retraction(let target, _, let replacedBy):
            parts.append("retracts \(target)" + (replacedBy.map { ", replaced by \($0)" } ?? ""))
        case .dispute(let target, _, let by):
            parts.append("disputes \(target)" + (by.map { " (\($0))" } ?? ""))
        case .statement(_, _, _, let about) where !about.isEmpty:
            parts.append("about " + about.joined(separator: ", "))
        default: break
        }
        return parts.joined(separator: "; ")
    }

    /// The entry as JSON: `seq`, `id`, `type`, `stream`, `occurred`, `known`, `recorded`,
    /// `confidence`, `status` (``Standing``), the four marks, `disputed_by` (ids),
    /// `retracted_by` (id or null), `sources` (source objects) and `data` (as written).
    public var json: JSONObject {
        var object = JSONObject()
        object["seq"] = .integer(Int64(event.seq))
        object["id"] = .string(event.id)
        object["type"] = .string(event.type.rawValue)
        object["stream"] = .string(event.stream)
        object["occurred"] = .string(event.occurred.text)
        object["known"] = .string(event.knownDate.description)
        object["recorded"] = .string(event.recorded.description)
        object["confidence"] = .string(event.confidence.rawValue)
        object["status"] = .string(standing.rawValue)
        marks.addJSON(to: &object)
        object["disputed_by"] = .array(disputedBy.map { .string($0.id) })
        object["retracted_by"] = retractedBy.map { .string($0.id) } ?? .null
        object["sources"] = .array(event.sources.map { .object($0.json) })
        object["data"] = .object(event.data)
        return object
    }
}
