/// What a `service.delivered` event did to a system.
public enum ServiceKind: String, CaseIterable, Hashable, Sendable {
    case modernisation, repair, upgrade, components
}
