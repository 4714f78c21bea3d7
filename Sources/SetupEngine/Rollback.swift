import Foundation
import OktaClient

/// Rollback needs a confirmation it was not given, or found the org changed since apply.
public struct RollbackRefusal: Error, Sendable, CustomStringConvertible {
    /// Why it refused, for a front end to word in its own language. Confirming a step the API
    /// cannot show refuses the same way.
    public enum Reason: Sendable, Equatable {
        case noJournal(journal: String)
        case deletionNotConfirmed(steps: [StepID])
        /// `now`: the step's value in the org, as shown to the admin.
        case changedSinceApplied(step: StepID, now: String)
        case noAppToConfirm
        case notProfileSourceYet(app: String)
    }

    public var reason: Reason
    public init(_ reason: Reason) { self.reason = reason }

    public var message: String {
        switch reason {
        case .noJournal(let journal):
            return "No journal at \(journal): this tool made no change to roll back."
        case .deletionNotConfirmed(let steps):
            return "Rolling back \(steps.map(\.rawValue).joined(separator: " and ")) deletes the dialpadPhone attribute and every user's value of it, and Okta refuses to re-add it until its clean-up finishes. Add --delete-attribute-data to confirm."
        case .changedSinceApplied(let step, let now):
            return "\(step.rawValue) changed since it was applied (now \(now)); rollback leaves it alone. Restore it in the Admin Console if needed."
        case .noAppToConfirm:
            return "No Dialpad app in this org: there is nothing to confirm."
        case .notProfileSourceYet(let app):
            return "Okta shows \(app) does not source Okta users yet: allow it in the Admin Console first, then confirm."
        }
    }
    public var description: String { message }
}

extension StepID {
    /// Steps whose writes build on this one's, so they are undone first.
    public var dependents: [StepID] {
        switch self {
        case .oktaAttribute: return [.mapping, .pushStatus, .sourcePriority]
        case .appAttribute, .mapping: return [.mapping, .pushStatus].filter { $0 != self }
        case .existingUsers, .profileSource, .pushStatus, .sourcePriority: return []
        }
    }
}

extension Executor {
    /// Restores the before-image of what the journalled writes changed, newest first.
    /// Steps that were already `ok` before the first apply have no journal entry, so they are never touched.
    public func rollback(steps requested: Set<StepID>?, deleteAttributeData: Bool,
                         progress: @Sendable (String) -> Void = { _ in }) async throws -> [Journal.Entry] {
        try store.lock()
        defer { store.unlock() }
        guard var journal = try store.load(expectingOrg: client.org.description) else {
            throw RollbackRefusal(.noJournal(journal: store.url.path))
        }
        var wanted = requested ?? Set(StepID.allCases)
        for step in wanted { wanted.formUnion(step.dependents) }
        let indices = journal.entries.indices.reversed().filter {
            wanted.contains(journal.entries[$0].step) && [.done, .intent].contains(journal.entries[$0].outcome)
        }
        // Refuse before any write when a deletion was not confirmed: nothing half-done.
        let deletions = indices.filter { [.oktaAttribute, .appAttribute].contains(journal.entries[$0].step) && journal.entries[$0].before == .null }
        if !deletions.isEmpty && !deleteAttributeData {
            throw RollbackRefusal(.deletionNotConfirmed(steps: deletions.map { journal.entries[$0].step }))
        }
        // An org without the Dialpad app still had its Okta attribute written: undo that too.
        var observation = try await Observer(client: client, desired: desired).observe(appId: journal.appId)
        var undone: [Journal.Entry] = []
        for index in indices {
            var entry = journal.entries[index]
            observation = try await reread(entry.step, into: observation)
            let current = owned(entry.step, in: observation)
            if current == entry.before {
                // An intent whose write never landed, or already restored: nothing to do.
                entry.outcome = .rolledBack
                journal.entries[index] = entry
                try store.save(journal)
                continue
            }
            if let after = entry.after, current != after {
                throw RollbackRefusal(.changedSinceApplied(step: entry.step, now: current.displayText))
            }
            let body = Self.restoreBody(entry, name: desired.attributeName, observation: observation)
            progress("\(entry.step.rawValue): restore \(entry.before == .null ? "absence" : entry.before.displayText)")
            _ = try await client.send(.POST, url: client.url(entry.path), body: JSONEncoder.okta.encode(body))
            observation = try await reread(entry.step, into: observation)
            entry.outcome = .rolledBack
            entry.at = Self.now()
            journal.entries[index] = entry
            try store.save(journal)
            undone.append(entry)
        }
        return undone
    }

    /// The partial update that puts back exactly the step's before-image.
    static func restoreBody(_ entry: Journal.Entry, name: String, observation: Observation) -> JSONValue {
        switch entry.step {
        case .oktaAttribute, .appAttribute:
            return WritePlanner.schemaBody(name, entry.before)
        case .sourcePriority:
            var attribute = JSONValue(encoding: observation.userSchema.customProperties[name])
            if case .object(var fields) = attribute {
                fields["master"] = entry.before == .null ? .object(["type": .string("PROFILE_MASTER")]) : entry.before
                attribute = .object(fields)
            }
            return WritePlanner.schemaBody(name, attribute)
        case .mapping, .pushStatus:
            return .object(["properties": .object([name: entry.before])])
        case .existingUsers, .profileSource:
            return .null
        }
    }
}
