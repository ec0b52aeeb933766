/// What an actor described by `actor.described` is.
public enum ActorKind: String, CaseIterable, Hashable, Sendable {
    case state
    case nonState = "non-state"
    case organisation
}
