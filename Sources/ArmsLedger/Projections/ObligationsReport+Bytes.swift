/// The members of the streamed `obligations --format json` besides its rows, written straight
/// to bytes: the same bytes as ``JSONPrettyWriter`` writes for the ``JSONObject``s of
/// ``ObligationsReport/allianceMiddle(invocations:changes:)`` and
/// ``ObligationsReport/allianceTail(_:unplaceable:unpairedAnswers:)``, without building them (a
/// large ledger has tens of thousands of membership changes and invocations; building and
/// freeing their trees cost more than writing them). The streaming tests hold both to the
/// in-memory report's bytes.
extension ObligationsReport {
    /// Writes ``allianceMiddle(invocations:changes:)``'s members as members of an alliance
    /// object (keys at indent 6), each after a `,`.
    static func writeAllianceMiddle(invocations: [InvocationRecord], changes: [MembershipChange], into out: inout [UInt8]) {
        JSONPrettyWriter.writeKey("invocations", indent: 6, into: &out)
        JSONPrettyWriter.writeArray(invocations, indent: 6, into: &out) { $0.writeJSON(indent: 8, into: &$1) }
        JSONPrettyWriter.writeKey("memberships", indent: 6, into: &out)
        JSONPrettyWriter.writeArray(changes, indent: 6, into: &out) { $0.writeJSON(indent: 8, into: &$1) }
    }

    /// Writes ``allianceTail(_:unplaceable:unpairedAnswers:)``'s members as members of an
    /// alliance object (keys at indent 6), each after a `,`.
    static func writeAllianceTail(_ record: AllianceRecord, unplaceable: [ReplayedEvent], unpairedAnswers: [ReplayedEvent],
                                  into out: inout [UInt8]) {
        JSONPrettyWriter.writeKey("name", indent: 6, into: &out)
        JSONPrettyWriter.writeOptionalString(record.description?.name, into: &out)
        JSONPrettyWriter.writeKey("collective_defence", indent: 6, into: &out)
        JSONPrettyWriter.writeBool(record.isCollectiveDefence, into: &out)
        JSONPrettyWriter.writeKey("article", indent: 6, into: &out)
        JSONPrettyWriter.writeOptionalString(record.description?.article, into: &out)
        JSONPrettyWriter.writeKey("unplaceable", indent: 6, into: &out)
        JSONPrettyWriter.writeArray(unplaceable, indent: 6, into: &out) { writeDelivery($0, indent: 8, into: &$1) }
        JSONPrettyWriter.writeKey("unpaired_answers", indent: 6, into: &out)
        JSONPrettyWriter.writeArray(unpairedAnswers, indent: 6, into: &out) { writeAnswer($0, indent: 8, into: &$1) }
    }

    /// Writes ``deliveryJSON(_:)`` as an object at `indent`.
    static func writeDelivery(_ replayed: ReplayedEvent, indent: Int, into out: inout [UInt8]) {
        let event = replayed.event
        var object = JSONPrettyWriter.ObjectBytes(indent: indent, into: &out)
        if let facts = event.payload.transfer {
            object.key("supplier", &out); JSONPrettyWriter.writeString(facts.supplier.rawValue, into: &out)
            object.key("recipient", &out); JSONPrettyWriter.writeString(facts.recipient.rawValue, into: &out)
            object.key("deal", &out); JSONPrettyWriter.writeString(facts.deal, into: &out)
            object.key("system", &out); JSONPrettyWriter.writeString(facts.system, into: &out)
            object.key("category", &out); JSONPrettyWriter.writeString(facts.category.rawValue, into: &out)
            object.key("date", &out); JSONPrettyWriter.writeString(event.occurred.text, into: &out)
            object.key("quantity", &out); JSONPrettyWriter.writeOptionalInteger(facts.quantity, into: &out)
        }
        object.key("sources", &out); writeSources(event, indent: indent + 2, into: &out)
        Marks(replayed).writeMembers(object: &object, into: &out)
        object.key("event", &out); JSONPrettyWriter.writeString(event.id, into: &out)
        object.key("type", &out); JSONPrettyWriter.writeString(event.type.rawValue, into: &out)
        object.close(&out)
    }

    /// Writes ``answerJSON(_:)`` as an object at `indent`.
    static func writeAnswer(_ replayed: ReplayedEvent, indent: Int, into out: inout [UInt8]) {
        let event = replayed.event
        var object = JSONPrettyWriter.ObjectBytes(indent: indent, into: &out)
        if case .answer(_, let to, let response, let fulfilled) = event.payload {
            object.key("to", &out); JSONPrettyWriter.writeString(to.rawValue, into: &out)
            object.key("occurred", &out); JSONPrettyWriter.writeString(event.occurred.text, into: &out)
            object.key("response", &out); JSONPrettyWriter.writeString(response, into: &out)
            object.key("fulfilled", &out); JSONPrettyWriter.writeBool(fulfilled, into: &out)
        }
        object.key("event", &out); JSONPrettyWriter.writeString(event.id, into: &out)
        object.key("sources", &out); writeSources(event, indent: indent + 2, into: &out)
        Marks(replayed).writeMembers(object: &object, into: &out)
        object.close(&out)
    }
}

extension InvocationRecord {
    /// Writes ``json`` as an object at `indent`.
    func writeJSON(indent: Int, into out: inout [UInt8]) {
        let event = invocation.event
        let answer = self.answer
        var object = JSONPrettyWriter.ObjectBytes(indent: indent, into: &out)
        object.key("by", &out); JSONPrettyWriter.writeString(by.rawValue, into: &out)
        object.key("occurred", &out); JSONPrettyWriter.writeString(event.occurred.text, into: &out)
        object.key("response", &out); JSONPrettyWriter.writeOptionalString(response, into: &out)
        object.key("fulfilled", &out)
        if let fulfilled { JSONPrettyWriter.writeBool(fulfilled, into: &out) } else { JSONPrettyWriter.writeNull(into: &out) }
        object.key("against", &out); JSONPrettyWriter.writeOptionalString(against?.rawValue, into: &out)
        object.key("article", &out); JSONPrettyWriter.writeOptionalString(article, into: &out)
        object.key("answered", &out); JSONPrettyWriter.writeOptionalString(answer?.event.occurred.text, into: &out)
        object.key("event", &out); JSONPrettyWriter.writeString(event.id, into: &out)
        object.key("answer_event", &out); JSONPrettyWriter.writeOptionalString(answer?.event.id, into: &out)
        object.key("answers", &out); JSONPrettyWriter.writeInteger(Int64(answers.count), into: &out)
        object.key("sources", &out); ObligationsReport.writeSources(event, indent: indent + 2, into: &out)
        marks.writeMembers(object: &object, into: &out)
        object.close(&out)
    }
}

extension MembershipChange {
    /// Writes ``json`` as an object at `indent`.
    func writeJSON(indent: Int, into out: inout [UInt8]) {
        let event = replayed.event
        var object = JSONPrettyWriter.ObjectBytes(indent: indent, into: &out)
        object.key("member", &out); JSONPrettyWriter.writeString(member.rawValue, into: &out)
        object.key("event", &out); JSONPrettyWriter.writeString(kind.rawValue, into: &out)
        object.key("occurred", &out); JSONPrettyWriter.writeString(event.occurred.text, into: &out)
        object.key("id", &out); JSONPrettyWriter.writeString(event.id, into: &out)
        object.key("sources", &out); ObligationsReport.writeSources(event, indent: indent + 2, into: &out)
        Marks(replayed).writeMembers(object: &object, into: &out)
        object.close(&out)
    }
}

extension Marks {
    /// Writes ``addJSON(to:)``'s four members into an object being written.
    func writeMembers(object: inout JSONPrettyWriter.ObjectBytes, into out: inout [UInt8]) {
        object.key("disputed", &out); JSONPrettyWriter.writeBool(disputed, into: &out)
        object.key("uncertain_date", &out); JSONPrettyWriter.writeBool(uncertainDate, into: &out)
        object.key("quantity_unknown", &out); JSONPrettyWriter.writeBool(quantityUnknown, into: &out)
        object.key("estimated", &out); JSONPrettyWriter.writeBool(estimated, into: &out)
    }
}
