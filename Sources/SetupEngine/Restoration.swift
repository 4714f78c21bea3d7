import OktaClient

/// One field a rollback puts back: what the org has now, and what it gets.
package struct RestoredField: Sendable, Equatable {
    package var name: String
    /// `.null`: absent.
    package var now: JSONValue
    /// `.null`: removed.
    package var restored: JSONValue

    package init(name: String, now: JSONValue, restored: JSONValue) {
        self.name = name; self.now = now; self.restored = restored
    }
}

/// What rolling back one journal entry puts back, field by field: what `rollback --yes`
/// prints before it sends the request.
package struct Restoration: Sendable, Equatable {
    package var step: StepID
    /// The before-image is absence: what the step owns is removed whole (an attribute with
    /// every user's value of it, a mapping property).
    package var removes: Bool
    /// The restorable fields whose value changes, in name order.
    package var fields: [RestoredField]

    package init(step: StepID, removes: Bool, fields: [RestoredField]) {
        self.step = step; self.removes = removes; self.fields = fields
    }

    /// The restoration as an admin reads it: `title "Dialpad Phone" → "Old title"; …`.
    package var words: Words {
        if removes { return Words("removed whole", ja: "全体を削除") }
        if fields.isEmpty { return Words("nothing changes", ja: "変更なし") }
        func value(_ value: JSONValue, _ absent: String) -> String { value == .null ? absent : value.displayText }
        let en = fields.map { "\($0.name) \(value($0.now, "absent")) → \(value($0.restored, "absent"))" }
        let ja = fields.map { "\($0.name) \(value($0.now, "なし")) → \(value($0.restored, "なし"))" }
        return Words(en.joined(separator: "; "), ja: ja.joined(separator: "；"))
    }
}

/// A journal entry whose before-image would change what its step does not own: nothing is sent.
package struct RestoreRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Reason: Sendable, Equatable {
        /// `fields`: the before-image's fields outside the step's `restorableFields` that differ
        /// from what the step's write left (an edited journal).
        case fieldsNotOwned(step: StepID, fields: [String])
    }

    package let reason: Reason
    package init(_ reason: Reason) { self.reason = reason }

    package var description: String { "restore-refused \(reason)" }
}

extension WritableStep {
    /// The fields outside `restorableFields` that putting `before` back would change, against
    /// `reference` (what the step's write left, as journalled, or what the org has now).
    /// Empty: the before-image restores only what the step owns.
    package func unownedFields(restoring before: JSONValue, over reference: JSONValue) -> [String] {
        let referenceFields: [String: JSONValue]
        if case .object(let fields) = reference { referenceFields = fields } else { referenceFields = [:] }
        guard case .object(let fields) = before else {
            // Absence removes what the step owns whole: the step's own creation, or everything
            // it may restore; anything else in it is another's.
            guard before == .null, !addsAttribute else { return [] }
            return referenceFields.filter { !restorableFields.contains($0.key) && $0.value != .null }.keys.sorted()
        }
        return fields.filter { !restorableFields.contains($0.key) && $0.value != (referenceFields[$0.key] ?? .null) }.keys.sorted()
    }

    /// What putting `before` back over `now` (what the step owns in the org) changes.
    package func restoration(of before: JSONValue, now: JSONValue) -> Restoration {
        if before == .null && now != .null && (addsAttribute || unownedFields(restoring: before, over: now).isEmpty) {
            return Restoration(step: id, removes: true, fields: [])
        }
        func fields(_ value: JSONValue) -> [String: JSONValue] { if case .object(let fields) = value { fields } else { [:] } }
        let was = fields(before), current = fields(now)
        let changed = restorableFields.sorted().compactMap { name -> RestoredField? in
            let restored = was[name] ?? .null, present = current[name] ?? .null
            return restored == present ? nil : RestoredField(name: name, now: present, restored: restored)
        }
        return Restoration(step: id, removes: false, fields: changed)
    }
}

extension Journal.Entry {
    /// What rolling this entry back puts back over `now`, what its step owns in the org (nil:
    /// a step the API does not write).
    package func restoration(now: JSONValue) -> Restoration? {
        step.definition.writable?.restoration(of: before, now: now)
    }
}

extension SchemaWrite {
    /// The attribute as it is now with only `fields` taken from `before` (removed where
    /// `before` lacks them): a rollback puts back what the step's write changed, nothing else.
    /// Absence, or an attribute gone since, restores `before` as it is.
    static func restoring(_ before: JSONValue, over now: SchemaAttribute?, fields: Set<String>) -> JSONValue {
        guard case .object(let was) = before, let now, case .object(var attribute) = JSONValue(encoding: now) else { return before }
        for name in fields { attribute[name] = was[name] }
        return .object(attribute)
    }
}
