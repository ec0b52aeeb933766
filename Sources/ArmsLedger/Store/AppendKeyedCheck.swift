/// The in-order checks of an `append` for the common batch, without a `String` hashed per event:
/// the keys of every event (``KeyedChunk/addEvent(id:stream:payload:)``, made while the lines
/// were checked on their own) committed in order to exact keyed tables (``KeyedFacts``) that
/// start from the append's basis.
///
/// It answers only whether the batch is *clean*: every id is new (neither in the ledger nor
/// earlier in the batch), every check of ``LedgerFacts/check(_:stream:)`` passes, and every
/// correction already carries its target's stream. Then the batch's outcome is known without
/// the exact pass: every event is written, in order, with its own stream, and none is skipped.
/// Anything else (a retry, a repeated id, any problem, a decoded correction, whose stream comes
/// from its target) answers false, and the append runs the exact pass, which decides and
/// words everything as before.
enum AppendKeyedCheck {
    /// Whether the batch whose events' keys are `chunks` (in input order) is clean against `facts`.
    static func isClean(_ chunks: [KeyedChunk], facts: LedgerFacts, events: Int) -> Bool {
        let keyed = KeyedFacts(facts, expectedIDs: events)
        defer { withExtendedLifetime(keyed) {} }
        for chunk in chunks {
            let clean: Bool = chunk.withView { view in
                var keysStart = 0
                for line in chunk.lines {
                    guard keyed.commit(line, keysStart: keysStart, in: view) == .accepted else { return false }
                    keysStart = line.keysEnd
                }
                return true
            }
            if !clean { return false }
        }
        return true
    }
}
