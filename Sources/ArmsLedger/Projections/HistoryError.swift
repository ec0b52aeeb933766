/// Why `history ID` cannot answer.
public enum HistoryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No deal, system, actor, alliance, conflict or event has this id; `suggestion` is the
    /// closest id the ledger does hold, when one is close enough to be a likely misspelling.
    case unknownID(String, suggestion: String?)

    /// The message, without the `error: ` prefix:
    /// `no deal, system, actor, alliance, conflict or event is called 'arm-iskandr'. Did you mean 'arm-iskander'?`
    public var description: String {
        switch self {
        case .unknownID(let id, let suggestion):
            var text = "no deal, system, actor, alliance, conflict or event is called '\(id)'."
            if let suggestion { text += " Did you mean '\(suggestion)'?" }
            return text
        }
    }
}
