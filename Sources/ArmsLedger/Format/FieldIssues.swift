/// All problems found in one line, in the order they were found.
public struct FieldIssues: Error, Hashable, Sendable {
    public var issues: [FieldIssue]
    public init(_ issues: [FieldIssue]) { self.issues = issues }
}
