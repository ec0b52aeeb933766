/// A view folded from the ledger: a state and a way to apply one counted event.
///
/// A new projection is a new type conforming to this protocol; nothing else changes. The replay
/// hands it every counted event in `seq` order (corrections included, after their targets'
/// marks are already known), so `apply` never has to look back or ahead.
public protocol Projection {
    /// Folds one counted event into the state.
    mutating func apply(_ event: ReplayedEvent)
}
