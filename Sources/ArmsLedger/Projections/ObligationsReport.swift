/// Builds the `obligations` view (SPEC section 7) as a ``Report``.
///
/// For each collective-defence alliance: its members at the as-of date (joined, not left, not
/// suspended), every delivery by a member to a recipient that was, on the delivery's date, on the
/// other side of an open conflict with a fellow member (``ObligationsProjection``), the
/// invocations with their answers, the membership events, and a one-line tally per member.
///
/// JSON (keys fixed by SPEC section 7 first, in this order):
/// `{"as_of", "known_at", "alliances": [{"alliance", "members", "conflicting_transfers": [{"supplier",
/// "recipient", "against", "conflict", "deal", "system", "category", "date", "quantity", "sources",
/// "disputed", "uncertain_date", "quantity_unknown", "estimated", …}], "invocations": [{"by",
/// "occurred", "response", "fulfilled", …}], "memberships": […], "tallies": […], …}]}`.
public enum ObligationsReport {
    /// Replays `replay` into an ``ObligationsProjection`` and builds the report.
    ///
    /// - Parameters:
    ///   - replay: The replay at the clock asked for.
    ///   - alliance: Show only this alliance (`--alliance ID`), collective-defence or not; nil for
    ///     every described collective-defence alliance.
    /// - Returns: The report; with an unknown `alliance`, a report with no alliances whose note
    ///   says so (with a did-you-mean when an id is close).
    public static func make(_ replay: Replay, alliance: String?) -> Report {
        var projection = ObligationsProjection()
        replay.fold(&projection)
        return make(projection, clock: replay.clock, alliance: alliance)
    }

    /// Builds the report from a projection already folded at `clock` (for instance by the
    /// streaming ``Ledger/replay(clock:types:_:)``).
    public static func make(_ projection: ObligationsProjection, clock: ReplayClock, alliance: String?) -> Report {
        let (records, notes) = selection(projection, alliance: alliance)
        let day = clock.asOf ?? .distantFuture

        var alliancesJSON: [JSONValue] = []
        var transferRows: [[String]] = []
        var sourceRows: [[String]] = []
        var sourceRowIDs = Set<String>()
        var sections: [ReportSection] = []
        var anyMarks = false
        for record in records {
            let rows = projection.conflictingTransfers(in: record.id)
            let (invocations, unpairedAnswers) = projection.invocationsAndUnpairedAnswers(in: record.id)
            let changes = record.chronologicalChanges
            let tallies = projection.tallies(in: record.id, rows: rows)
            let unplaceable = projection.unplaceableTransfers(in: record.id)
            let members = record.members(on: day)

            var object = allianceObject(record, members: members, invocations: invocations, changes: changes,
                                        unplaceable: unplaceable, unpairedAnswers: unpairedAnswers)
            object["conflicting_transfers"] = .array(rows.map { .object($0.json(includingAlliance: false)) })
            object["tallies"] = .array(tallies.map { .object($0.json) })
            alliancesJSON.append(.object(object))

            for row in rows {
                anyMarks = anyMarks || !row.marks.isEmpty
                transferRows.append([
                    record.id, row.facts.supplier.rawValue, row.facts.recipient.rawValue, row.against.rawValue,
                    row.conflict.id, row.facts.deal, row.date.text, row.facts.quantity.map(String.init) ?? "?",
                    row.marks.compact,
                ])
                if sourceRowIDs.insert(row.replayed.event.id).inserted {
                    sourceRows.append([row.replayed.event.id, row.facts.system, row.facts.category.rawValue, Self.publishers(row.replayed.event)])
                }
            }

            let label = record.id.uppercased()
            sections.append(ReportSection(
                title: "\(label): members\(clock.asOfLabel.map { " on \($0)" } ?? "")",
                columns: [ReportColumn("Member"), ReportColumn("Since"), ReportColumn("Tally", truncatable: true)],
                rows: members.map { member in
                    let since = record.decidingChange(for: member, on: day)?.replayed.event.occurred.text ?? ""
                    let tally = tallies.first { $0.member == member }?.text ?? ""
                    return [member.rawValue, since, tally]
                },
                emptyText: "(no members)"))
            sections.append(ReportSection(
                title: "\(label): invocations and answers",
                columns: [ReportColumn("By"), ReportColumn("Against"), ReportColumn("Invoked"), ReportColumn("Fulfilled"),
                          ReportColumn("Mk"), ReportColumn("Response", truncatable: true)],
                rows: invocations.map { invocation in
                    anyMarks = anyMarks || !invocation.marks.isEmpty
                    return [invocation.by.rawValue, invocation.against?.rawValue ?? "", invocation.invocation.event.occurred.text,
                            invocation.fulfilled.map { $0 ? "yes" : "no" } ?? "unanswered", invocation.marks.compact,
                            invocation.response ?? ""]
                },
                emptyText: "(no invocations)"))
            sections.append(ReportSection(
                title: "\(label): memberships",
                columns: [ReportColumn("Member"), ReportColumn("Event"), ReportColumn("Date"), ReportColumn("Mk")],
                rows: changes.map { change in
                    anyMarks = anyMarks || !Marks(change.replayed).isEmpty
                    return [change.member.rawValue, change.kind.rawValue, change.replayed.event.occurred.text, Marks(change.replayed).compact]
                },
                emptyText: "(no membership events)"))
            sections.append(ReportSection(
                title: "\(label): tallies",
                columns: [ReportColumn("Tally", truncatable: true)],
                rows: tallies.map { [$0.text] },
                emptyText: "(no members)"))
            if !unplaceable.isEmpty {
                sections.append(ReportSection(
                    title: "\(label): deliveries that cannot be placed in time (open-start dates, not counted)",
                    columns: [ReportColumn("Supplier"), ReportColumn("To"), ReportColumn("Deal", truncatable: true), ReportColumn("Date")],
                    rows: unplaceable.compactMap { replayed in
                        replayed.event.payload.transfer.map { [$0.supplier.rawValue, $0.recipient.rawValue, $0.deal, replayed.event.occurred.text] }
                    }))
            }
        }

        var primaryFootnotes = ["Date is the lower bound of the delivery's date; Qty ? = quantity not given."]
        if anyMarks { primaryFootnotes.append(Marks.legend) }
        let primary = ReportSection(
            title: "Deliveries by members to adversaries of fellow members",
            columns: [ReportColumn("Alliance"), ReportColumn("From"), ReportColumn("To"), ReportColumn("Against"),
                      ReportColumn("Conflict", truncatable: true), ReportColumn("Deal", truncatable: true), ReportColumn("Date"),
                      ReportColumn("Qty", numeric: true), ReportColumn("Mk")],
            rows: transferRows,
            emptyText: "(none)",
            footnotes: primaryFootnotes)
        let sources = ReportSection(
            title: "Systems and sources of those deliveries",
            columns: [ReportColumn("Event", truncatable: true), ReportColumn("System", truncatable: true),
                      ReportColumn("Category"), ReportColumn("Sources", truncatable: true)],
            rows: sourceRows,
            emptyText: "(none)")

        var json = JSONObject()
        json["as_of"] = clock.asOfLabel.map { .string($0) } ?? .null
        json["known_at"] = clock.knownAtLabel.map { .string($0) } ?? .null
        json["alliances"] = .array(alliancesJSON)
        if !notes.isEmpty { json["notes"] = .array(notes.map { .string($0) }) }

        return Report(title: "Alliance obligations", subtitle: [clockLine(clock)], json: .object(json),
                      sections: [primary, sources] + sections, notes: notes, notesFirst: false)
    }

    /// The alliances the report shows, and its notes (an unknown or non-collective-defence `alliance`).
    static func selection(_ projection: ObligationsProjection, alliance: String?) -> (records: [AllianceRecord], notes: [String]) {
        guard let alliance else { return (projection.collectiveDefenceAlliances, []) }
        if let record = projection.alliances[alliance], record.description != nil {
            let notes = record.isCollectiveDefence
                ? [] : ["\(alliance) is not a collective-defence alliance, so no delivery cuts across its obligations."]
            return ([record], notes)
        }
        var note = "No alliance \"\(alliance)\" is known at this replay."
        let ids = projection.alliances.values.filter { $0.description != nil }.map(\.id).sorted()
        if let near = EditDistance.nearest(to: alliance, among: ids) { note += " Did you mean \"\(near)\"?" }
        return ([], [note])
    }

    /// One alliance's JSON object, its keys in their order; `conflicting_transfers` and
    /// `tallies` are left empty for the caller to fill (or stream).
    static func allianceObject(_ record: AllianceRecord, members: [ActorCode], invocations: [InvocationRecord],
                               changes: [MembershipChange], unplaceable: [ReplayedEvent], unpairedAnswers: [ReplayedEvent]) -> JSONObject {
        var object = allianceHead(record, members: members)
        object["conflicting_transfers"] = .array([])
        for member in allianceMiddle(invocations: invocations, changes: changes) { object[member.key] = member.value }
        object["tallies"] = .array([])
        for member in allianceTail(record, unplaceable: unplaceable, unpairedAnswers: unpairedAnswers) { object[member.key] = member.value }
        return object
    }

    /// The members of an alliance's object before `conflicting_transfers`: the id and members.
    static func allianceHead(_ record: AllianceRecord, members: [ActorCode]) -> JSONObject {
        var object = JSONObject()
        object["alliance"] = .string(record.id)
        object["members"] = .array(members.map { .string($0.rawValue) })
        return object
    }

    /// The members of an alliance's object between `conflicting_transfers` and `tallies`.
    static func allianceMiddle(invocations: [InvocationRecord], changes: [MembershipChange]) -> JSONObject {
        var object = JSONObject()
        object["invocations"] = .array(invocations.map { .object($0.json) })
        object["memberships"] = .array(changes.map { .object($0.json) })
        return object
    }

    /// The members of an alliance's object after `tallies`.
    static func allianceTail(_ record: AllianceRecord, unplaceable: [ReplayedEvent], unpairedAnswers: [ReplayedEvent]) -> JSONObject {
        var object = JSONObject()
        object["name"] = record.description.map { .string($0.name) } ?? .null
        object["collective_defence"] = .bool(record.isCollectiveDefence)
        object["article"] = record.description?.article.map { .string($0) } ?? .null
        object["unplaceable"] = .array(unplaceable.map { .object(Self.deliveryJSON($0)) })
        object["unpaired_answers"] = .array(unpairedAnswers.map { .object(Self.answerJSON($0)) })
        return object
    }

    /// Writes the report's JSON (`--format json`) to `sink` in pieces as it goes, the same bytes
    /// as ``ReportRenderer`` writes for ``make(_:clock:alliance:)``, without building the report:
    /// the conflicting transfers (millions on a large ledger) are kept as small references
    /// (``ObligationsProjection/RowReference``), and each row is built, written and dropped in turn.
    ///
    /// - Parameters:
    ///   - projection: The fold at `clock`.
    ///   - clock: The clock it was folded at.
    ///   - alliance: Only this alliance, as for ``make(_:clock:alliance:)``.
    ///   - sink: Receives the UTF-8 text in pieces of a few megabytes at most, each ending after a whole value.
    public static func writeJSON(_ projection: ObligationsProjection, clock: ReplayClock, alliance: String?, to sink: ([UInt8]) -> Void) {
        let (records, notes) = selection(projection, alliance: alliance)
        let day = clock.asOf ?? .distantFuture
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 1 << 16)
        func flush() {
            guard !out.isEmpty else { return }
            sink(out)
            out.removeAll(keepingCapacity: true)
        }
        func key(_ name: String, indent: Int, first: Bool = false) { JSONPrettyWriter.writeKey(name, indent: indent, first: first, into: &out) }

        out.append(UInt8(ascii: "{"))
        key("as_of", indent: 2, first: true)
        JSONPrettyWriter.write(clock.asOfLabel.map { .string($0) } ?? .null, indent: 2, into: &out)
        key("known_at", indent: 2)
        JSONPrettyWriter.write(clock.knownAtLabel.map { .string($0) } ?? .null, indent: 2, into: &out)
        key("alliances", indent: 2)
        if records.isEmpty {
            out.append(contentsOf: "[]".utf8)
        } else {
            out.append(UInt8(ascii: "["))
            // Each object's members after its rows are written on another thread meanwhile.
            let segments = AllianceSegments(records, projection)
            for (index, record) in records.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONPrettyWriter.newline(4, &out)
                var written = 0
                var tallies = ObligationsProjection.TallyBuilder()
                // The object's head here, its other members on another thread meanwhile.
                out.append(UInt8(ascii: "{"))
                AllianceSegments.write(ObligationsReport.allianceHead(record, members: record.members(on: day)), first: true, into: &out)
                JSONPrettyWriter.writeKey("conflicting_transfers", indent: 6, into: &out)
                let context = projection.rowContext(record.id)
                let references = context.map { projection.rowReferences($0) } ?? []
                if let context {
                    // Rows are built and written in batches, each split between two threads;
                    // the tallies take them in order.
                    for batchStart in stride(from: 0, to: references.count, by: RowBatch.size) {
                        var batch = RowBatch(references[batchStart..<min(batchStart + RowBatch.size, references.count)],
                                             projection, context)
                        for entry in batch.tallies { tallies.add(entry) }
                        // Each row came with a leading ","; the first of all opens the array.
                        if written == 0 { batch.openArray() }
                        written += batch.count
                        // The parts go out as they are, after what is pending.
                        for part in batch.parts {
                            flush()
                            sink(part)
                        }
                    }
                }
                let pieces = segments.take(index)
                if written == 0 {
                    out.append(contentsOf: "[]".utf8)
                } else {
                    JSONPrettyWriter.newline(6, &out)
                    out.append(UInt8(ascii: "]"))
                }
                out += pieces.middle
                JSONPrettyWriter.write(.array(tallies.tallies(record.everMembers).map { .object($0.json) }), indent: 6, into: &out)
                out += pieces.tail
                if out.count >= 1 << 20 { flush() }
            }
            JSONPrettyWriter.newline(2, &out)
            out.append(UInt8(ascii: "]"))
        }
        if !notes.isEmpty {
            key("notes", indent: 2)
            JSONPrettyWriter.write(.array(notes.map { .string($0) }), indent: 2, into: &out)
        }
        out.append(contentsOf: "\n}\n".utf8)
        flush()
    }

    /// The context line: `as of 2020-09-27 · known at 2021 · strict dates`; an unset clock reads
    /// `as of the end of the ledger` / `known at: everything recorded`.
    static func clockLine(_ clock: ReplayClock) -> String {
        clock.summary
    }

    /// The distinct publishers of an event's sources, joined by `; `.
    static func publishers(_ event: Event) -> String {
        var seen: Set<String> = []
        return event.sources.map(\.publisher).filter { seen.insert($0).inserted }.joined(separator: "; ")
    }

    static func sourcesJSON(_ event: Event) -> JSONValue {
        .array(event.sources.map { .object($0.json) })
    }

    /// Writes ``sourcesJSON(_:)`` as ``JSONPrettyWriter`` writes it at `indent`, without building it.
    static func writeSources(_ event: Event, indent: Int, into out: inout [UInt8]) {
        JSONPrettyWriter.writeArray(event.sources, indent: indent, into: &out) { source, out in
            source.writeJSON(indent: indent + 2, into: &out)
        }
    }

    /// A delivery as JSON: parties, deal, system, category, date, quantity, sources, marks, event id.
    static func deliveryJSON(_ replayed: ReplayedEvent) -> JSONObject {
        var object = JSONObject()
        let event = replayed.event
        if let facts = event.payload.transfer {
            object["supplier"] = .string(facts.supplier.rawValue)
            object["recipient"] = .string(facts.recipient.rawValue)
            object["deal"] = .string(facts.deal)
            object["system"] = .string(facts.system)
            object["category"] = .string(facts.category.rawValue)
            object["date"] = .string(event.occurred.text)
            object["quantity"] = facts.quantity.map { .integer($0) } ?? .null
        }
        object["sources"] = sourcesJSON(event)
        Marks(replayed).addJSON(to: &object)
        object["event"] = .string(event.id)
        object["type"] = .string(event.type.rawValue)
        return object
    }

    static func answerJSON(_ replayed: ReplayedEvent) -> JSONObject {
        var object = JSONObject()
        if case .answer(_, let to, let response, let fulfilled) = replayed.event.payload {
            object["to"] = .string(to.rawValue)
            object["occurred"] = .string(replayed.event.occurred.text)
            object["response"] = .string(response)
            object["fulfilled"] = .bool(fulfilled)
        }
        object["event"] = .string(replayed.event.id)
        object["sources"] = sourcesJSON(replayed.event)
        Marks(replayed).addJSON(to: &object)
        return object
    }
}

extension ConflictingTransfer {
    /// The row as JSON, keys of SPEC section 7 first.
    func json(includingAlliance: Bool) -> JSONObject {
        var object = JSONObject()
        object["supplier"] = .string(facts.supplier.rawValue)
        object["recipient"] = .string(facts.recipient.rawValue)
        object["against"] = .string(against.rawValue)
        object["conflict"] = .string(conflict.id)
        object["deal"] = .string(facts.deal)
        object["system"] = .string(facts.system)
        object["category"] = .string(facts.category.rawValue)
        object["date"] = .string(date.text)
        object["quantity"] = facts.quantity.map { .integer($0) } ?? .null
        object["sources"] = ObligationsReport.sourcesJSON(replayed.event)
        marks.addJSON(to: &object)
        if includingAlliance { object["alliance"] = .string(alliance) }
        object["conflict_name"] = .string(conflict.name)
        object["other_conflicts"] = .array(otherConflicts.map { .string($0) })
        object["other_conflicts_count"] = .integer(Int64(otherConflictCount))
        object["event"] = .string(replayed.event.id)
        object["type"] = .string(replayed.event.type.rawValue)
        if let service = facts.service { object["service"] = .string(service.rawValue) }
        return object
    }
}

extension ConflictingTransfer {
    /// Writes the row as ``JSONPrettyWriter`` writes ``json(includingAlliance:)`` at `indent`,
    /// with the `alliance` key when it is given (it is the row's ``alliance``), without building
    /// the object; `sources` is the row's sources array already written at `indent + 2` (the
    /// rows of one delivery share it).
    func writeJSON(indent: Int, sources: [UInt8], alliance: String? = nil, into out: inout [UInt8]) {
        var object = JSONPrettyWriter.ObjectBytes(indent: indent, into: &out)
        func key(_ name: StaticString) { object.key(name, &out) }
        func string(_ text: String) { JSONPrettyWriter.writeString(text, into: &out) }

        key("supplier"); string(facts.supplier.rawValue)
        key("recipient"); string(facts.recipient.rawValue)
        key("against"); string(against.rawValue)
        key("conflict"); string(conflict.id)
        key("deal"); string(facts.deal)
        key("system"); string(facts.system)
        key("category"); string(facts.category.rawValue)
        key("date"); string(date.text)
        key("quantity"); JSONPrettyWriter.writeOptionalInteger(facts.quantity, into: &out)
        key("sources"); out.append(contentsOf: sources)
        marks.writeMembers(object: &object, into: &out)
        if let alliance { key("alliance"); string(alliance) }
        key("conflict_name"); string(conflict.name)
        key("other_conflicts")
        JSONPrettyWriter.writeArray(otherConflicts, indent: indent + 2, into: &out) { JSONPrettyWriter.writeString($0, into: &$1) }
        key("other_conflicts_count"); JSONPrettyWriter.writeInteger(Int64(otherConflictCount), into: &out)
        key("event"); string(replayed.event.id)
        key("type"); string(replayed.event.type.rawValue)
        if let service = facts.service { key("service"); string(service.rawValue) }
        object.close(&out)
    }
}

extension InvocationRecord {
    /// The invocation as JSON, keys of SPEC section 7 first.
    var json: JSONObject {
        var object = JSONObject()
        object["by"] = .string(by.rawValue)
        object["occurred"] = .string(invocation.event.occurred.text)
        object["response"] = response.map { .string($0) } ?? .null
        object["fulfilled"] = fulfilled.map { .bool($0) } ?? .null
        object["against"] = against.map { .string($0.rawValue) } ?? .null
        object["article"] = article.map { .string($0) } ?? .null
        object["answered"] = answer.map { .string($0.event.occurred.text) } ?? .null
        object["event"] = .string(invocation.event.id)
        object["answer_event"] = answer.map { .string($0.event.id) } ?? .null
        object["answers"] = .integer(Int64(answers.count))
        object["sources"] = ObligationsReport.sourcesJSON(invocation.event)
        marks.addJSON(to: &object)
        return object
    }
}

extension InvocationRecord {
    /// The `article` the invocation cites in its data, if any.
    var article: String? {
        guard case .invocation(_, _, _) = invocation.event.payload, case .string(let article)? = invocation.event.data["article"] else { return nil }
        return article
    }
}

extension MembershipChange {
    /// The change as JSON.
    var json: JSONObject {
        var object = JSONObject()
        object["member"] = .string(member.rawValue)
        object["event"] = .string(kind.rawValue)
        object["occurred"] = .string(replayed.event.occurred.text)
        object["id"] = .string(replayed.event.id)
        object["sources"] = ObligationsReport.sourcesJSON(replayed.event)
        Marks(replayed).addJSON(to: &object)
        return object
    }
}

extension ObligationTally {
    /// The tally as JSON.
    var json: JSONObject {
        var object = JSONObject()
        object["member"] = .string(member.rawValue)
        object["transfers"] = .integer(Int64(transfers))
        object["units"] = .integer(units)
        object["first_year"] = firstYear.map { .integer(Int64($0)) } ?? .null
        object["last_year"] = lastYear.map { .integer(Int64($0)) } ?? .null
        object["text"] = .string(text)
        marks.addJSON(to: &object)
        return object
    }
}
