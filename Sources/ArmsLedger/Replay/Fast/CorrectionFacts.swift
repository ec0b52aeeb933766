/// The `event.retracted` and `event.disputed` of a ledger, in `seq` order, reduced to what
/// settling them needs and stored compactly: every id in one byte arena, a 24-byte entry per
/// correction (a `String` pair per correction costs several times that, and a ledger of
/// millions of events holds tens of thousands of corrections).
struct CorrectionFacts: Sendable {
    /// One correction.
    struct Entry: Sendable {
        /// Where its own id starts in the arena; its target follows it.
        var start: Int
        var idCount: UInt32
        var targetCount: UInt32
        /// The day it became known (``EventContent/knownDate``).
        var known: Day
        /// True for `event.retracted`, false for `event.disputed`.
        var isRetraction: Bool
    }

    private(set) var arena: [UInt8] = []
    private(set) var entries: [Entry] = []

    /// No corrections.
    init() {}

    /// Adds one correction after the others.
    mutating func append(_ fact: CorrectionFact) {
        var id = fact.id, target = fact.target
        id.withUTF8 { idBytes in
            target.withUTF8 { targetBytes in
                append(id: UnsafeRawBufferPointer(idBytes), target: UnsafeRawBufferPointer(targetBytes),
                       isRetraction: fact.isRetraction, known: fact.known)
            }
        }
    }

    /// Adds one correction after the others, from its id's and target's bytes.
    mutating func append(id: UnsafeRawBufferPointer, target: UnsafeRawBufferPointer, isRetraction: Bool, known: Day) {
        entries.append(Entry(start: arena.count, idCount: UInt32(id.count), targetCount: UInt32(target.count),
                             known: known, isRetraction: isRetraction))
        arena.append(contentsOf: id)
        arena.append(contentsOf: target)
    }

    /// Adds the corrections of a later part of the ledger.
    mutating func append(contentsOf later: CorrectionFacts) {
        let offset = arena.count
        arena += later.arena
        entries += later.entries.map { var entry = $0; entry.start += offset; return entry }
    }

    /// Calls `body(id, target)` with the bytes of an entry.
    func withBytes<R>(_ entry: Entry, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> R) -> R {
        arena.withUnsafeBytes { all in
            let idEnd = entry.start + Int(entry.idCount)
            return body(UnsafeRawBufferPointer(rebasing: all[entry.start..<idEnd]),
                        UnsafeRawBufferPointer(rebasing: all[idEnd..<(idEnd + Int(entry.targetCount))]))
        }
    }
}
