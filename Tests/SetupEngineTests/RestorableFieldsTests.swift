import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// Issue 21 §5: rollback restores only what a step owns, whatever its journal says.
@Suite struct RestorableFieldsTests {
    static let forged: JSONValue = .object([
        "title": .string("Forged by journal"),
        "permissions": .array([.object(["principal": .string("SELF"), "action": .string("READ_WRITE")])]),
    ])

    /// The org with the Okta attribute written straight through the API, and a journal that
    /// holds its entry with the before-image `before` makes of what the write left.
    static func journalled(_ org: WritePlannerTests.Org, before: (JSONValue) -> JSONValue) async throws -> JournalStore {
        let writes = WritePlanner.writes(for: try await org.observe()).filter { $0.step == .oktaAttribute }
        let written = try #require(writes.first)
        try await org.send(writes)
        let after = OktaAttributeStep().owned(try await org.observe(), DesiredConfiguration())
        let entry = try JSONDecoder().decode(Journal.Entry.self, from: JSONEncoder.okta.encode(JSONValue.object([
            "step": .string("okta-attribute"), "method": .string("POST"), "path": .string(written.path), "body": written.body,
            "before": before(after), "after": after,
            "outcome": .string("done"), "at": .string("2026-01-15T10:00:00Z"),
        ])))
        var journal = Journal(org: org.client.org.description, appId: nil)
        journal.entries = [entry]
        let url = ExecutorTests.stateURL()
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let store = JournalStore(url: url)
        try store.save(journal)
        return store
    }

    static func permissions(_ org: WritePlannerTests.Org) async throws -> [JSONValue]? {
        try await org.client.defaultUserSchema().customProperties[DesiredConfiguration().attributeName]?.permissions
    }

    @Test("a journal whose okta-attribute before-image grants users write access is refused before the first write")
    func forgedPermissionsRefused() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let store = try await Self.journalled(org) { _ in Self.forged }
        let permissionsBefore = try await Self.permissions(org)
        let writesBefore = org.client.log.writeCount

        let refusal = try await #require(throws: RestoreRefusal.self) {
            try await Executor(client: org.client, store: store).rollback(steps: [.oktaAttribute], deleteAttributeData: true)
        }
        #expect(refusal.reason == .fieldsNotOwned(step: .oktaAttribute, fields: ["permissions"]))
        #expect(org.client.log.writeCount == writesBefore, "nothing was sent")
        #expect(try await Self.permissions(org) == permissionsBefore)
        #expect(permissionsBefore?.first?["action"] == .string("READ_ONLY"))
    }

    @Test("a before-image that differs in what the step writes is restored, and says what it restores")
    func ownedFieldsRestored() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        // What the write would have found: the same attribute under an older title.
        let store = try await Self.journalled(org) { now in
            guard case .object(var fields) = now else { return now }
            fields["title"] = .string("Old title")
            return .object(fields)
        }
        let entry = try #require(try store.load()?.entries.first)
        let now = OktaAttributeStep().owned(try await org.observe(), DesiredConfiguration())
        let restoration = try #require(entry.restoration(now: now))
        #expect(restoration == Restoration(step: .oktaAttribute, removes: false,
                                           fields: [RestoredField(name: "title", now: .string("Dialpad Phone"), restored: .string("Old title"))]))

        let undone = try await Executor(client: org.client, store: store).rollback(steps: [.oktaAttribute], deleteAttributeData: false)
        #expect(undone.map(\.step) == [.oktaAttribute])
        let attribute = try #require(try await org.client.defaultUserSchema().customProperties["dialpadPhone"])
        #expect(attribute.title == "Old title")
        #expect(attribute.type == "string")
        #expect(attribute.permissions?.first?["action"] == .string("READ_ONLY"))
    }

    @Test("each writable step refuses a before-image that changes a field it does not write", arguments: [
        // The attribute steps never write permissions, scope or the override.
        (StepID.oktaAttribute, #"{"title":"x","type":"string","master":{"type":"OVERRIDE"}}"#, #"{"title":"y","type":"string"}"#, ["master"]),
        (StepID.appAttribute, #"{"title":"x","scope":"SELF"}"#, #"{"title":"y","scope":"NONE"}"#, ["scope"]),
        // Push status owns when the mapping applies, not the expression, nor the property's existence.
        (StepID.pushStatus, #"{"expression":"appuser.other","pushStatus":"DONT_PUSH"}"#, #"{"expression":"appuser.dialpadPhone","pushStatus":"PUSH"}"#, ["expression"]),
        (StepID.pushStatus, "null", #"{"expression":"appuser.dialpadPhone","pushStatus":"PUSH"}"#, ["expression"]),
        (StepID.mapping, #"{"expression":"appuser.dialpadPhone","pushStatus":"DONT_PUSH","extra":true}"#, #"{"expression":"appuser.dialpadPhone","pushStatus":"DONT_PUSH"}"#, ["extra"]),
        (StepID.sourcePriority, #"{"type":"OVERRIDE","priority":[],"extra":1}"#, #"{"type":"OVERRIDE","priority":[]}"#, ["extra"]),
    ])
    func unownedFieldsNamed(step: StepID, before: String, after: String, unowned: [String]) throws {
        let writable = try #require(step.definition.writable)
        let before = try JSONDecoder().decode(JSONValue.self, from: Data(before.utf8))
        let after = try JSONDecoder().decode(JSONValue.self, from: Data(after.utf8))
        #expect(writable.unownedFields(restoring: before, over: after) == unowned)
    }

    @Test("what a step's own write changed, or its creation, is restorable", arguments: [
        (StepID.oktaAttribute, "null", #"{"title":"Dialpad Phone","type":"string","permissions":[]}"#),
        (StepID.oktaAttribute, #"{"title":"Old","type":"string","permissions":[]}"#, #"{"title":"Dialpad Phone","description":"d","type":"string","permissions":[]}"#),
        (StepID.mapping, "null", #"{"expression":"appuser.dialpadPhone","pushStatus":"DONT_PUSH"}"#),
        (StepID.pushStatus, #"{"expression":"appuser.dialpadPhone","pushStatus":"DONT_PUSH"}"#, #"{"expression":"appuser.dialpadPhone","pushStatus":"PUSH"}"#),
        (StepID.sourcePriority, "null", #"{"type":"OVERRIDE","priority":[{"type":"APP","value":"0oa1"}]}"#),
    ])
    func ownedFieldsAllowed(step: StepID, before: String, after: String) throws {
        let writable = try #require(step.definition.writable)
        let before = try JSONDecoder().decode(JSONValue.self, from: Data(before.utf8))
        let after = try JSONDecoder().decode(JSONValue.self, from: Data(after.utf8))
        #expect(writable.unownedFields(restoring: before, over: after).isEmpty)
    }
}
