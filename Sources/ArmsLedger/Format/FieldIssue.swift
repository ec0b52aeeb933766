/// One problem with one field of an event: `data.quantity: must be a non-negative integer, got -4`.
public struct FieldIssue: Hashable, Sendable, CustomStringConvertible {
    /// The field's path, e.g. `data.sides[1][0]` or `sources[0].url`; empty for the whole line.
    public let path: String
    /// What is wrong and, where it helps, what to write instead.
    public let reason: String

    public init(_ path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}
