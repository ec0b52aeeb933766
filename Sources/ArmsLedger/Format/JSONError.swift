/// Why a piece of text is not valid JSON, with the byte column (1-based) where reading stopped.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 1-based byte column in the line.
    public let column: Int
    /// What is wrong, in plain words.
    public let reason: String

    /// Creates an error at a 0-based byte offset.
    public init(offset: Int, _ reason: String) {
        self.column = offset + 1
        self.reason = reason
    }

    public var description: String { "invalid JSON at column \(column): \(reason)" }
}
