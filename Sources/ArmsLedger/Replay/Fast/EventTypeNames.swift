/// Finds an event type from the bytes of its name, as the replay reads it on every line: the
/// candidates of the same length are told apart by the name's first and last eight bytes (two
/// loads), and the one that matches is confirmed byte for byte. No `String` is built.
enum EventTypeNames {
    private struct Entry {
        let head: UInt64
        let tail: UInt64
        let type: EventType
        /// Where the name starts in ``names``.
        let offset: Int
    }

    /// The types' names, one after another.
    private static let names: [UInt8] = EventType.allCases.flatMap { Array($0.rawValue.utf8) }
    /// The entries, ordered by the length of their name.
    private static let entries: [Entry] = {
        var offset = 0
        var entries: [Entry] = []
        for type in EventType.allCases {
            let name = Array(type.rawValue.utf8)
            precondition(name.count >= 8, "event type names are at least eight bytes long")
            let (head, tail) = name.withUnsafeBytes { (word($0, at: 0), word($0, at: $0.count - 8)) }
            entries.append(Entry(head: head, tail: tail, type: type, offset: offset))
            offset += name.count
        }
        return entries.sorted { length($0) < length($1) }
    }()
    /// `starts[n]..<starts[n + 1]` are the entries whose name is `n` bytes long.
    private static let starts: [Int] = {
        let longest = entries.map(length).max() ?? 0
        return (0...(longest + 1)).map { count in entries.firstIndex { length($0) >= count } ?? entries.count }
    }()

    private static func length(_ entry: Entry) -> Int {
        entry.type.rawValue.utf8.count
    }

    @inline(__always)
    private static func word(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// The type named exactly by `bytes`, or nil.
    static func type(_ bytes: UnsafeRawBufferPointer) -> EventType? {
        let count = bytes.count
        guard count >= 8, count + 1 < starts.count else { return nil }
        let head = word(bytes, at: 0), tail = word(bytes, at: count - 8)
        for index in starts[count]..<starts[count + 1] {
            let entry = entries[index]
            guard entry.head == head, entry.tail == tail else { continue }
            // Names longer than 16 bytes have a middle the two words did not cover.
            if count <= 16 || names.withUnsafeBytes({ names in
                memcmp(names.baseAddress! + entry.offset + 8, bytes.baseAddress! + 8, count - 16) == 0
            }) {
                return entry.type
            }
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#endif
