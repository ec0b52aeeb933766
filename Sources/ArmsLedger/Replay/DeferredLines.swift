#if canImport(Glibc)
import Glibc
#endif

/// The lines a streaming replay passed over without decoding them
/// (``Ledger/replay(clock:types:prefetched:deferring:lineFilter:_:)``), in `seq` order: where
/// each lies in the file and, for a description, a hash of what it describes, read in place.
/// A few bytes a line, so a view that needs the latest description of a few systems out of
/// thousands of descriptions decodes only those few, and its memory does not grow with them.
///
/// Corrections never change what an event says, only whether it counts, so the latest counted
/// description of a system is the last line describing it that the replay's clock counts.
public struct DeferredLines: Sendable {
    /// One line passed over.
    struct Entry: Sendable {
        let offset: Int64
        let length: Int32
        let seq: Int
        /// ``keyHash(_:)`` of the described key read in place; 0 when it could not be read for
        /// certain (the line is then decoded whenever any key is looked for).
        let key: UInt64
    }

    let path: String
    /// The replay's clock and corrections, which decide whether a deferred event counts.
    let replay: Replay
    var entries: [Entry]

    /// How many lines were passed over.
    public var count: Int { entries.count }

    /// The latest counted event among the deferred lines for each of `keys`, as `key` reads a
    /// decoded event's key (nil for an event that describes none). Keys that no counted line
    /// describes are missing from the answer. Only the lines that may describe a key still
    /// looked for are read and decoded, from the last backwards.
    ///
    /// - Throws: ``LedgerError`` for a line that cannot be read as an event.
    public func latestCounted(keys: Set<String>, key: (Event) -> String?) throws(LedgerError) -> [String: ReplayedEvent] {
        var found: [String: ReplayedEvent] = [:]
        guard !keys.isEmpty, !entries.isEmpty else { return found }
        // In-place keys are compared by their bytes, which equal the key's UTF-8 when it is ASCII;
        // with another key every line is decoded (String equality is not byte equality).
        let allASCII = keys.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
        var wanted: [UInt64: Int] = [:]
        for key in keys { wanted[Self.keyHash(Array(key.utf8)), default: 0] += 1 }
        let handle = try LedgerFileHandle.open(path, flags: O_RDONLY)
        for entry in entries.reversed() where found.count < keys.count {
            guard !allASCII || entry.key == 0 || wanted[entry.key] != nil else { continue }
            let bytes = try handle.read(count: Int(entry.length), at: entry.offset)
            let event = try LineReader.withBytes(bytes) { (line) throws(LedgerError) -> Event in
                guard let event = Ledger.decode(line), event.seq == entry.seq else {
                    throw .invalidLine(path: path, line: entry.seq, reason: "cannot be read as an event; run `armsledger verify`")
                }
                return event
            }
            guard let described = key(event), keys.contains(described), found[described] == nil,
                  let replayed = replay.replayed(event) else { continue }
            found[described] = replayed
            // Older lines of a key found are not read again.
            let hash = Self.keyHash(Array(described.utf8))
            if let left = wanted[hash] { wanted[hash] = left > 1 ? left - 1 : nil }
        }
        return found
    }

    /// The entry of a line passed over, its key read in place when its type describes one.
    static func entry(_ line: UnsafeRawBufferPointer, type: EventType, offset: Int64, seq: Int) -> Entry {
        var key: UInt64 = 0
        if let pattern = keyPattern(type), let bytes = Ledger.stringValue(of: pattern, in: line),
           bytes.allSatisfy({ $0 < 0x80 }) {
            key = keyHash(bytes)
        }
        return Entry(offset: offset, length: Int32(line.count), seq: seq, key: key)
    }

    /// The key of a description, as it appears in the line (with its quotes, colon and opening quote).
    static func keyPattern(_ type: EventType) -> StaticString? {
        switch type {
        case .systemDescribed: return #""system":""#
        case .actorDescribed: return #""actor":""#
        case .allianceDescribed: return #""alliance":""#
        default: return nil
        }
    }

    /// A non-zero hash of a key's bytes.
    static func keyHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        max(ByteHash.hash(bytes), 1)
    }

    static func keyHash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { keyHash($0) }
    }
}
