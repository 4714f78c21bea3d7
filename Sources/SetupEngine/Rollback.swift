import Foundation
import OktaClient

/// Rollback needs a confirmation it was not given, or found the org changed since apply.
package struct RollbackRefusal: Error, Sendable, CustomStringConvertible {
    /// Why it refused, for a front end to word in its own language.
    package enum Reason: Sendable, Equatable {
        case noJournal(journal: String)
        case deletionNotConfirmed(steps: [StepID])
        /// `change`: how the step's value in the org differs from what its write left;
        /// `wrote`: those fields as this tool wrote them, for the admin to restore by hand.
        case changedSinceApplied(step: StepID, change: ChangeSinceApplied, wrote: [WrittenField] = [])
        /// A journal entry that does not match what its step writes in the org now (an edited
        /// journal, or one from another org or app): nothing is sent.
        case journalEntryMismatch(step: StepID, path: String)
        /// The journal names an app that is not a Dialpad app.
        case journalAppNotDialpad(appId: String, label: String)
        /// Undoing `step` puts back a mapping that applies on create only, which Okta refuses
        /// while `app` sources Okta users ("Profile mastering enabled apps support push status
        /// only", R31): the admin turns sourcing off in the Admin Console first. Nothing was sent.
        case sourcingBlocksRestore(step: StepID, app: String)
    }

    package let reason: Reason
    package init(_ reason: Reason) { self.reason = reason }
    package var description: String { "rollback-refused \(reason)" }
}

/// How a step's value in the org differs from what its journalled write left: data a front
/// end words (which fields), never the value dumped as JSON.
package enum ChangeSinceApplied: Sendable, Equatable {
    /// What the write left is gone from the org.
    case removed
    /// These of its fields differ (Okta's names, sorted): changed, added or removed.
    case fields([String])
    /// A value without fields (neither is a JSON object) that differs.
    case value

    package init(written: JSONValue, now: JSONValue) {
        guard now != .null else { self = .removed; return }
        guard case .object(let was) = written, case .object(let current) = now else { self = .value; return }
        let names = Set(was.keys).union(current.keys).filter { (was[$0] ?? .null) != (current[$0] ?? .null) }
        self = names.isEmpty ? .value : .fields(names.sorted())
    }
}

/// A field of what this tool's write left, as it left it: `value` nil when the write left no
/// such field (the admin's change added it).
package struct WrittenField: Sendable, Equatable {
    package let name: String
    package let value: JSONValue?
    package init(name: String, value: JSONValue?) {
        self.name = name
        self.value = value
    }
}

extension ChangeSinceApplied {
    /// The fields of `written` this change concerns, as this tool wrote them: every field when
    /// the whole value is gone.
    package func wrote(_ written: JSONValue) -> [WrittenField] {
        guard case .object(let fields) = written else { return [] }
        switch self {
        case .removed: return fields.keys.sorted().map { WrittenField(name: $0, value: fields[$0]) }
        case .fields(let names): return names.map { WrittenField(name: $0, value: fields[$0]) }
        case .value: return []
        }
    }
}

/// What rollback finds for one journalled write in the org as read, before it sends anything.
package enum RollbackFinding: Sendable, Equatable {
    /// The org holds what this tool wrote (or a later step's change over it, undone first).
    case toUndo
    /// The org holds what this tool found: nothing to send (a write Okta never applied, or
    /// one already undone). For an added attribute: not in the org, so no user's value goes.
    case asFound
    /// Changed since this tool wrote it: left alone, with the changed fields as this tool wrote them.
    case changed(ChangeSinceApplied, wrote: [WrittenField])
    /// A step left alone rests on this one: undoing it would undo part of that step.
    case underLeftAlone(StepID)

    package var leavesAlone: Bool {
        switch self {
        case .changed, .underLeftAlone: true
        case .toUndo, .asFound: false
        }
    }
}

extension Journal.Entry {
    /// Undone by a rollback that found the org already as this tool found it: no request was sent.
    package var rolledBackAsFound: Bool { outcome == .rolledBack && rolledBackAt == nil }
}

extension RollbackRefusal.Reason {
    /// The journal itself cannot be used (edited, or another org's or app's).
    package var isJournalProblem: Bool {
        switch self {
        case .journalEntryMismatch, .journalAppNotDialpad: true
        case .noJournal, .deletionNotConfirmed, .changedSinceApplied, .sourcingBlocksRestore: false
        }
    }
}

extension Executor {
    /// Restores the before-image of what the journalled writes changed, newest first.
    /// Steps that were already `ok` before the first apply have no journal entry, so they are never touched.
    /// `leavingAlone`: steps the admin was shown as left alone (changed since this tool wrote
    /// them); they and the steps they rest on are not undone, and any other change still refuses.
    /// `leavingChangedAlone`: a step changed since this tool wrote it is left alone (and what
    /// it rests on) instead of refusing the whole rollback, as the command line's `--all` does;
    /// `found` hears every entry left alone, with its finding, before the first write.
    package func rollback(steps requested: Set<StepID>?, deleteAttributeData: Bool, leavingAlone: Set<StepID> = [],
                         leavingChangedAlone: Bool = false,
                         found report: @Sendable (_ leftAlone: [(entry: Journal.Entry, finding: RollbackFinding)]) -> Void = { _ in },
                         progress: @Sendable (ApplyProgress) -> Void = { _ in },
                         restoring: @Sendable (Restoration) -> Void = { _ in },
                         leftAlone: @Sendable (_ userTypes: [String]) -> Void = { _ in }) async throws -> [Journal.Entry] {
        try store.lock()
        defer { store.unlock() }
        try await store.lockOrg(client.org)
        _ = try await store.lockOrgId(await client.organizationId())
        guard var journal = try store.load(expectingOrg: client.org.description) else {
            throw RollbackRefusal(.noJournal(journal: store.url.path))
        }
        var wanted = requested ?? Set(StepID.allCases)
        for step in wanted { wanted.formUnion(step.dependents) }
        var indices = journal.entries.indices.reversed().filter {
            wanted.contains(journal.entries[$0].step) && [.done, .intent].contains(journal.entries[$0].outcome)
        }
        // An org without the Dialpad app still had its Okta attribute written: undo that too.
        // Writes to a custom type's schema or mapping are undone there (R30): its profile is read too.
        // A type the org no longer has keeps its entries as they are, and the front end says so:
        // it must not hold back undoing the default type's writes (R30).
        let known = try await observeKnownTypes(appId: journal.appId, userTypes: Journal.userTypes(of: indices.map { journal.entries[$0] }))
        var observation = known.observation
        let gone = known.gone
        if !gone.isEmpty {
            indices.removeAll { index in journal.entries[index].userType.map(gone.contains) ?? false }
            leftAlone(gone)
        }
        // Every write is rebuilt from its step and the ids in the org now; the journal only
        // says which steps to undo and what to restore. Check them all before the first write.
        try Self.checkJournal(journal, entries: indices.map { journal.entries[$0] }, against: observation, desired: desired)
        // What the admin was shown as left alone is not undone, nor what it rests on; a change
        // nobody was shown still refuses the whole rollback below.
        let looked = indices
        let found = Self.findings(looked.map { journal.entries[$0] }, in: observation, desired: desired, leavingAlone: leavingAlone)
        let notFound = Set(zip(looked, found).filter { $0.1 == .asFound }.map(\.0))
        indices.removeAll { index in
            guard let offset = looked.firstIndex(of: index) else { return false }
            if case .underLeftAlone = found[offset] { return true }
            return leavingChangedAlone && found[offset].leavesAlone
        }
        if leavingChangedAlone {
            report(zip(looked, found).filter { $0.1.leavesAlone }.map { (journal.entries[$0.0], $0.1) })
        }
        // Refuse before any write when a deletion was not confirmed: nothing half-done. An
        // attribute the org does not have (a write Okta never applied) deletes nobody's value.
        let deletions = indices.filter { journal.entries[$0].deletesData && !notFound.contains($0) }
        if !deletions.isEmpty && !deleteAttributeData {
            // One step may have deleted on several user types' schemas (R30): named once.
            let steps = deletions.map { journal.entries[$0].step }
            throw RollbackRefusal(.deletionNotConfirmed(steps: steps.enumerated().filter { !steps[..<$0.offset].contains($0.element) }.map(\.element)))
        }
        // A rollback Okta would stop half-way (after the override was already put back) is
        // refused whole, before its first write.
        for index in indices {
            let entry = journal.entries[index]
            guard owned(entry.step, entry.userType, in: observation) != entry.before,
                  let step = entry.step.definition.writable, let app = observation.app, app.isProfileSource else { continue }
            if step.resource == .profileMapping,
               Self.createOnly(step.restoreBody(entry.before, observation.scoped(to: entry.userType), desired)) {
                throw RollbackRefusal(.sourcingBlocksRestore(step: entry.step, app: app.displayName))
            }
        }
        // A step changed since this tool wrote it is refused before the first write, as the
        // dialog promised: an entry is checked now unless an earlier restore of this run
        // touches its resource first (the override on the Okta attribute), and then in turn.
        var touched: [(resource: WrittenResource, userType: String?)] = []
        for index in indices {
            let entry = journal.entries[index]
            guard let step = entry.step.definition.writable else { continue }
            defer { touched.append((step.resource, entry.userType)) }
            guard !touched.contains(where: { $0.resource == step.resource && $0.userType == entry.userType }) else { continue }
            try Self.refuseIfChanged(entry, now: owned(entry.step, entry.userType, in: observation))
        }
        var undone: [Journal.Entry] = []
        for index in indices {
            var entry = journal.entries[index]
            observation = try await reread(entry.step, entry.userType, into: observation)
            let current = owned(entry.step, entry.userType, in: observation)
            if current == entry.before {
                // An intent whose write never landed, or already restored: nothing to do.
                entry.outcome = .rolledBack
                journal.entries[index] = entry
                try store.save(journal)
                continue
            }
            try Self.refuseIfChanged(entry, now: current)
            let scoped = observation.scoped(to: entry.userType)
            guard let step = entry.step.definition.writable, let path = step.path(scoped) else {
                throw RollbackRefusal(.journalEntryMismatch(step: entry.step, path: entry.path))
            }
            let body = step.restoreBody(entry.before, scoped, desired)
            // The run's deadline stops it between restores, never in one.
            try client.deadline.checkBeforeWrite()
            if let progressNamingTypes {
                progressNamingTypes(.restoring(entry.step), entry.userType.map { UserTypeLabel(id: $0, name: observation.userTypeName($0)) })
            } else {
                progress(.restoring(entry.step))
            }
            if let restoration = entry.restoration(now: current) { restoring(restoration) }
            let underWay = client.deadline.beginWrite()
            defer { underWay.end() }
            let encoded = try JSONEncoder.okta.encode(body)
            var response: OktaResponse?
            do {
                response = try await client.send(method: entry.method, url: client.url(path), body: encoded)
            } catch let error as OktaError where Executor.answerLost(error) {
                // A 5xx or no answer: the restore may have landed or not, and the org says which.
                // A restore puts back what the journal holds, so sending it once more is safe.
                observation = try await reread(entry.step, entry.userType, into: observation)
                if owned(entry.step, entry.userType, in: observation) != entry.before {
                    response = try await client.send(method: entry.method, url: client.url(path), body: encoded)
                }
            }
            observation = try await reread(entry.step, entry.userType, into: observation)
            entry.outcome = .rolledBack
            entry.rolledBackAt = Self.now()
            entry.rollbackRequestId = response?.oktaRequestId
            journal.entries[index] = entry
            try store.save(journal)
            undone.append(entry)
        }
        // What was rolled back is no longer half-finished: resume must not write it again.
        let remaining = StepID.allCases.filter { journal.resumableScope.contains($0) && !wanted.contains($0) }
        if journal.scope != remaining {
            journal.scope = remaining
            try store.save(journal)
        }
        return undone
    }

    /// Refuses an entry whose step holds neither what this tool wrote nor what it found: someone
    /// changed it since, and restoring it would undo their change.
    static func refuseIfChanged(_ entry: Journal.Entry, now current: JSONValue) throws {
        if let change = entry.change(now: current) {
            throw RollbackRefusal(.changedSinceApplied(step: entry.step, change: change, wrote: change.wrote(entry.after ?? .null)))
        }
    }

    /// What a rollback of `entries` (newest first, as `rollback` undoes them) finds in
    /// `observation`, one finding an entry, as its check before the first write finds it: a
    /// step changed since this tool wrote it is left alone, and so is every step it rests on
    /// (`leavingAlone`: steps to leave alone besides). An entry whose resource an earlier
    /// restore touches first is checked in turn, so it counts as `toUndo` here.
    package static func findings(_ entries: [Journal.Entry], in observation: Observation, desired: DesiredConfiguration,
                                 leavingAlone: Set<StepID> = []) -> [RollbackFinding] {
        var findings = [RollbackFinding](repeating: .toUndo, count: entries.count)
        var touched: [(resource: WrittenResource, userType: String?)] = []
        for (offset, entry) in entries.enumerated() {
            guard let step = entry.step.definition.writable,
                  entry.userType == nil || observation.userTypeProfiles[entry.userType!] != nil else { continue }
            guard !leavingAlone.contains(entry.step) else { continue }
            if touched.contains(where: { $0.resource == step.resource && $0.userType == entry.userType }) { continue }
            let now = step.owned(observation.scoped(to: entry.userType), desired)
            if let change = entry.change(now: now) {
                findings[offset] = .changed(change, wrote: change.wrote(entry.after ?? .null))
                continue
            }
            if now == entry.before { findings[offset] = .asFound }
            touched.append((step.resource, entry.userType))
        }
        // What a step left alone rests on stays too: undoing it would take part of that step away.
        var alone = leavingAlone
        for (offset, entry) in entries.enumerated() where findings[offset].leavesAlone { alone.insert(entry.step) }
        var under: [StepID: StepID] = [:]
        var frontier = Array(alone)
        while let top = frontier.popLast() {
            for below in top.definition.restsOn where under[below] == nil && !alone.contains(below) {
                under[below] = top
                frontier.append(below)
            }
        }
        for (offset, entry) in entries.enumerated() where !findings[offset].leavesAlone {
            if let top = under[entry.step] { findings[offset] = .underLeftAlone(top) }
            else if leavingAlone.contains(entry.step) { findings[offset] = .underLeftAlone(entry.step) }
        }
        return findings
    }

    /// Whether a mapping update sets a property to apply on create only (anything but PUSH),
    /// which Okta refuses from an app that sources Okta users (R31).
    static func createOnly(_ body: JSONValue) -> Bool {
        guard case .object(let properties)? = body["properties"] else { return false }
        return properties.values.contains { property in
            guard case .object = property, let status = property["pushStatus"]?.stringValue else { return false }
            return status != "PUSH"
        }
    }

    /// Refuses a journal whose app is not a Dialpad app, or an entry whose method, path or
    /// before-image does not fit its step in the org as observed now.
    static func checkJournal(_ journal: Journal, entries: [Journal.Entry], against observation: Observation,
                             desired: DesiredConfiguration) throws {
        if journal.appId != nil, let app = observation.app, !desired.looksLikeDialpad(app) {
            throw RollbackRefusal(.journalAppNotDialpad(appId: app.id, label: app.displayName))
        }
        for entry in entries {
            let step = entry.step.definition.writable
            // An entry for a type the org no longer has (or a journal naming one it never had) fits no path.
            guard entry.userType == nil || observation.userTypeProfiles[entry.userType!] != nil else {
                throw RollbackRefusal(.journalEntryMismatch(step: entry.step, path: "\(entry.method) \(entry.path)"))
            }
            let observation = observation.scoped(to: entry.userType)
            let expected = step?.path(observation)
            let beforeFits = step?.fitsBeforeImage(entry.before) == true
            guard entry.method == "POST", let expected, entry.path == expected || entry.path.removingPercentEncoding == expected.removingPercentEncoding,
                  beforeFits else {
                throw RollbackRefusal(.journalEntryMismatch(step: entry.step, path: "\(entry.method) \(entry.path)"))
            }
            // What the write left is the reference: the org now may hold a later step's change
            // to the same attribute (the override on the Okta attribute), undone before this one.
            let unowned = step.map { $0.unownedFields(restoring: entry.before, over: entry.after ?? $0.owned(observation, desired)) } ?? []
            if !unowned.isEmpty { throw RestoreRefusal(.fieldsNotOwned(step: entry.step, fields: unowned)) }
        }
    }
}

extension Journal.Entry {
    /// How the step's value `now` differs from both what this tool found and what it wrote;
    /// nil when it holds either (or the write never showed, so nothing is known it wrote).
    func change(now current: JSONValue) -> ChangeSinceApplied? {
        guard current != before, let after, current != after else { return nil }
        return ChangeSinceApplied(written: after, now: current)
    }

    /// Undoing this write deletes an attribute and every user's value of it.
    package var deletesData: Bool { step.definition.writable?.addsAttribute == true && before == .null }
}
