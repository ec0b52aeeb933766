/// What kind of publication a source is (SPEC section 2).
public enum SourceKind: String, CaseIterable, Hashable, Sendable {
    case news, official, leak, database, analysis, statement
}
