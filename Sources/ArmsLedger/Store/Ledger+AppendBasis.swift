/// What an append validates against: the ledger's facts, and the side index they came from.
struct AppendBasis {
    /// The chain's end, and the ids and entities loaded so far (all of them after a full scan).
    var facts: LedgerFacts
    /// The mapped side index: resolves ids, and is extended after the write. Nil when the index
    /// could not be written.
    var index: MappedSideIndex?
    /// True after a full scan: `facts` then holds every id and entity and nothing needs loading.
    var holdsAllIDs: Bool
}

extension Ledger {
    /// The basis of an append: from the side index when it matches the ledger's length and last
    /// hash, else from a full scan (which also rewrites the index). A damaged ledger refuses appends.
    func loadBasis(_ handle: LedgerFileHandle, writable: Bool) throws(LedgerError) -> AppendBasis {
        let size = try handle.size()
        let index = SideIndex(ledgerPath: path, idHash: indexIDHash)
        if let lastHash = try lastHash(handle, size: size),
           let mapped = index.open(ledgerLength: size, lastHash: lastHash, writable: writable) {
            return AppendBasis(facts: mapped.emptyFacts, index: mapped, holdsAllIDs: false)
        }
        return try rebuildBasis(handle, writable: writable)
    }

    /// Loads into `basis.facts` what checking `events` needs, through the side index: the ids
    /// they mention (probing the table) and the entities they touch (decoding their buckets).
    /// When the index turns out damaged, rebuilds it from a full scan instead.
    ///
    /// The batch is walked once, without an array per event: a large batch onto a ledger that
    /// is not empty spent most of this step copying events and building their key lists.
    func prepare(_ events: some Collection<AppendInput>, in basis: inout AppendBasis, handle: LedgerFileHandle, writable: Bool) throws(LedgerError) {
        guard !basis.holdsAllIDs, let index = basis.index else { return }
        var ids: [String] = [], keys: [String] = []
        ids.reserveCapacity(events.count)
        keys.reserveCapacity(events.count * 2)
        // A correction's entity keys need its target's stream, known once the ids are resolved.
        var corrections: [(payload: EventPayload, stream: String)] = []
        // The actors that are no country (each must be described, in the ledger or the batch).
        var namedActors: Set<String> = []
        for event in events {
            let payload = event.payload
            LedgerFacts.forEachIDMentioned(id: event.id, payload: payload) { ids.append($0) }
            EventDecoder.forEachActor(in: payload) { _, code in
                if !code.isISO { namedActors.insert(code.rawValue) }
            }
            if payload.correctionTarget != nil {
                corrections.append((payload, event.stream))
            } else {
                LedgerFacts.forEachEntityKey(payload: payload, resolvedStream: event.stream) { keys.append($0) }
            }
        }
        do {
            try index.resolve(ids, into: &basis.facts, ledger: handle)
            for (payload, stream) in corrections { keys += basis.facts.entityKeys(payload: payload, stream: stream) }
            try index.loadEntities(keys, into: &basis.facts)
            // An unknown actor's message suggests near names among every described actor.
            let loaded = basis.facts
            if namedActors.contains(where: { !loaded.describedActors.contains($0) }) {
                try index.loadAllEntities(into: &basis.facts)
            }
        } catch {
            basis = try rebuildBasis(handle, writable: writable)
        }
    }

    /// Scans the whole ledger and rewrites the side index from it.
    private func rebuildBasis(_ handle: LedgerFileHandle, writable: Bool) throws(LedgerError) -> AppendBasis {
        let size = try handle.size()
        var entries: [IDTable.Entry] = []
        entries.reserveCapacity(Int(size / 256))
        let scanner = try scan(handle, limit: size, entries: &entries)
        if let problem = scanner.problem {
            if problem.torn { throw .tornTail(path: path, line: problem.line) }
            throw .invalidLine(path: path, line: problem.line, reason: problem.reason + "; nothing can be appended until the ledger verifies")
        }
        let index = SideIndex(ledgerPath: path, idHash: indexIDHash)
        index.write(entries: entries, facts: scanner.facts)
        let mapped = index.open(ledgerLength: size, lastHash: scanner.facts.lastHash, writable: writable)
        mapped?.assumeAllEntitiesLoaded()
        return AppendBasis(facts: scanner.facts, index: mapped, holdsAllIDs: true)
    }

    /// The hash at the end of the ledger's last line, zeros for an empty ledger, or nil when the
    /// ledger does not end in a complete line (the full scan then says what is wrong).
    func lastHash(_ handle: LedgerFileHandle, size: Int64) throws(LedgerError) -> SHA256Digest? {
        if size == 0 { return .zero }
        let suffix = LedgerLine.suffixLength + 1
        guard size > Int64(suffix) else { return nil }
        let tail = try handle.read(count: suffix, at: size - Int64(suffix))
        guard tail.count == suffix, tail.last == 0x0A else { return nil }
        // The tail is the end of a line: marker, 64 hex, "} and the newline.
        let hex = tail[LedgerLine.hashMarker.count..<(LedgerLine.hashMarker.count + 64)]
        return SHA256Digest(hex: String(decoding: hex, as: UTF8.self))
    }
}
