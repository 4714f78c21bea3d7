import Foundation
import OktaClient

/// Rollback needs a confirmation it was not given, or found the org changed since apply.
public struct RollbackRefusal: Error, Sendable, CustomStringConvertible {
    public var message: String
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
            throw RollbackRefusal(message: "No journal at \(store.url.path): this tool made no change to roll back.")
        }
        var wanted = requested ?? Set(StepID.allCases)
        for step in wanted { wanted.formUnion(step.dependents) }
        let indices = journal.entries.indices.reversed().filter {
            wanted.contains(journal.entries[$0].step) && [.done, .intent].contains(journal.entries[$0].outcome)
        }
        // Refuse before any write when a deletion was not confirmed: nothing half-done.
        let deletions = indices.filter { [.oktaAttribute, .appAttribute].contains(journal.entries[$0].step) && journal.entries[$0].before == .null }
        if !deletions.isEmpty && !deleteAttributeData {
            throw RollbackRefusal(message: "Rolling back \(deletions.map { journal.entries[$0].step.rawValue }.joined(separator: " and ")) deletes the dialpadPhone attribute and every user's value of it, and Okta refuses to re-add it until its clean-up finishes. Add --delete-attribute-data to confirm.")
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
                throw RollbackRefusal(message: "\(entry.step.rawValue) changed since it was applied (now \(current.displayText)); rollback leaves it alone. Restore it in the Admin Console if needed.")
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
