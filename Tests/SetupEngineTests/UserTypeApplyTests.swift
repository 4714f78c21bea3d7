import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// docs/REAL-ORGS.md R30: `apply --user-type ID` does the Okta profile's steps for another
/// user type too (its schema's attribute, its mapping, PUSH, the override), journalled per type
/// and rolled back per type; journals written before types were journalled still read.
@Suite struct UserTypeApplyTests {
    static let desired = DesiredConfiguration()

    /// The enterprise seed's Contractor type.
    static func contractor(_ org: WritePlannerTests.Org) async throws -> UserType {
        try #require(try await org.observe().userTypes.first { $0.name == "contractor" })
    }

    static func attribute(_ org: WritePlannerTests.Org, _ type: UserType) async throws -> SchemaAttribute? {
        let schema = try await org.client.get(UserSchema.self, "/api/v1/meta/schemas/user/\(try #require(type.schemaId))")
        return schema.customProperties[desired.attributeName]
    }

    static func mappingProperty(_ org: WritePlannerTests.Org, _ type: UserType, app: String) async throws -> MappingProperty? {
        let listed = try #require(try await org.client.mapping(sourceId: app, targetId: type.id))
        return try await org.client.mapping(id: listed.id).properties?[desired.attributeName]
    }

    @Test("apply --user-type creates the attribute on the type's schema, its mapping and the override, journalled per type; rollback removes them")
    func applyAndRollBackForAType() async throws {
        let org = try await WritePlannerTests.Org.start("enterprise")
        defer { Task { await org.stop() } }
        let type = try await Self.contractor(org)
        let store = JournalStore(url: ExecutorTests.stateURL())
        let executor = Executor(client: org.client, store: store)

        let first = try #require(try await executor.apply(appId: nil, userTypes: [type.id], approver: .unattended))
        #expect(first.writes.map { "\($0.step.rawValue)/\($0.userType ?? "default")" }
            == ["okta-attribute/default", "app-attribute/default", "mapping/default", "okta-attribute/\(type.id)", "mapping/\(type.id)"])
        let app = try #require(first.observation.app)
        #expect(try await Self.attribute(org, type)?.type == "string")
        #expect(try await Self.mappingProperty(org, type, app: app.id)?.expression == Self.desired.mappingExpression)

        // Dialpad sources users (Admin Console): PUSH and the override, for both types.
        try await org.console("apps/\(app.id)/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
        let second = try #require(try await executor.apply(appId: nil, userTypes: [type.id], approver: .unattended))
        #expect(Set(second.writes.map { "\($0.step.rawValue)/\($0.userType ?? "default")" })
            == ["push-status/default", "source-priority/default", "push-status/\(type.id)", "source-priority/\(type.id)"])
        let overridden = try #require(try await Self.attribute(org, type)?.master)
        #expect(overridden.type == "OVERRIDE" && overridden.priority?.first?.value == app.id)
        #expect(try await Self.mappingProperty(org, type, app: app.id)?.pushStatus == "PUSH")
        let journal = try #require(try store.load())
        #expect(journal.userTypes == [type.id])
        #expect(journal.entries.filter { $0.userType == type.id }.count == 4)

        // Nothing more to do for either type.
        let third = try #require(try await executor.apply(appId: nil, userTypes: [type.id], approver: .unattended))
        #expect(third.writes.isEmpty)
        // Its Dialpad users are no longer said to miss the number; the other type's still are.
        let shares = try #require(third.steps.first { $0.id == .existingUsers }?.otherUserTypes)
        #expect(shares.map(\.name) == ["Partner"])
        #expect(third.observation.isSetUp(userType: type.id))

        // Okta takes DONT_PUSH back only once Dialpad no longer sources users, as for the default type.
        try await org.console("apps/\(app.id)/profile-sourcing", #"{"enabled":false}"#)
        let refusal = try await #require(throws: RollbackRefusal.self) { try await executor.rollback(steps: nil, deleteAttributeData: false) }
        guard case .deletionNotConfirmed(let steps) = refusal.reason else { Issue.record("\(refusal)"); return }
        #expect(steps.count == 2 && Set(steps) == [.appAttribute, .oktaAttribute], "each step named once, whatever its types")
        let undone = try await executor.rollback(steps: nil, deleteAttributeData: true)
        #expect(undone.filter { $0.userType == type.id }.count == 4)
        #expect(try await Self.attribute(org, type) == nil)
        #expect(try await Self.mappingProperty(org, type, app: app.id) == nil)
        #expect(try await org.observe().userSchema.customProperties[Self.desired.attributeName] == nil)
    }

    struct Stop: Error {}

    @Test("a run stopped before a type's write resumes with that type: the journal keeps the types")
    func resumeKeepsTheTypes() async throws {
        let org = try await WritePlannerTests.Org.start("enterprise")
        defer { Task { await org.stop() } }
        let type = try await Self.contractor(org)
        let store = JournalStore(url: ExecutorTests.stateURL())
        var stopping = Executor(client: org.client, store: store)
        stopping.beforeWrite = { write in if write.userType != nil && write.step == .mapping { throw Stop() } }
        await #expect(throws: (any Error).self) { _ = try await stopping.apply(appId: nil, userTypes: [type.id], approver: .unattended) }
        let app = try #require(try await org.observe().app)
        #expect(try await Self.mappingProperty(org, type, app: app.id) == nil, "stopped before the type's mapping")
        #expect(try store.load()?.userTypes == [type.id])

        let (_, result) = try await Executor(client: org.client, store: store).resume(approver: .unattended)
        #expect(try #require(result).writes.map { "\($0.step.rawValue)/\($0.userType ?? "default")" } == ["mapping/\(type.id)"])
        #expect(try await Self.mappingProperty(org, type, app: app.id)?.expression == Self.desired.mappingExpression)
    }

    @Test("without --user-type the plan and its requests are the default type's alone")
    func defaultOnlyReadsNoType() async throws {
        let org = try await WritePlannerTests.Org.start("enterprise")
        defer { Task { await org.stop() } }
        let plain = try await org.observe()
        #expect(plain.userTypeProfiles.isEmpty)
        #expect(WritePlan(plain).writes.allSatisfy { $0.userType == nil })
        let type = try await Self.contractor(org)
        let reads = org.client.log.snapshot.count
        let scoped = try await Observer(client: org.client).observe(userTypes: [type.id])
        #expect(org.client.log.snapshot.count - reads > plain.userTypes.count, "the type's schema and mapping are read")
        #expect(WritePlan(scoped).writes.filter { $0.userType == type.id }.map(\.step) == [.oktaAttribute, .mapping])
        #expect(WritePlan(scoped).fingerprint != WritePlan(plain).fingerprint)
    }

    @Test("an unknown user type is refused before any write, naming the org's types")
    func unknownTypeWritesNothing() async throws {
        let org = try await WritePlannerTests.Org.start("enterprise")
        defer { Task { await org.stop() } }
        let executor = Executor(client: org.client, store: JournalStore(url: ExecutorTests.stateURL()))
        let error = try await #require(throws: UserTypeLookupError.self) {
            _ = try await executor.apply(appId: nil, userTypes: ["otyNoSuchType000000"], approver: .unattended)
        }
        guard case .unknownUserType(let id, let known) = error.reason else { Issue.record("\(error)"); return }
        #expect(id == "otyNoSuchType000000")
        #expect(Set(known.map(\.name)) == ["Contractor", "Partner"])
        #expect(org.client.log.writeCount == 0)
    }

    @Test("a journal written before user types were journalled reads as the default type's")
    func oldJournalReadsAsTheDefaultType() throws {
        let old = #"""
        {"version":1,"org":"https://example.okta.com","appId":"0oaDialpad0000000001","confirmations":[],"scope":["okta-attribute"],
         "entries":[{"step":"okta-attribute","method":"POST","path":"/api/v1/meta/schemas/user/default","body":{},
                     "before":null,"after":{"type":"string"},"outcome":"done","at":"2026-01-15T10:00:00Z"}]}
        """#
        let journal = try JSONDecoder().decode(Journal.self, from: Data(old.utf8))
        #expect(journal.userTypes == nil)
        #expect(journal.entries.map(\.userType) == [nil])
        #expect(Journal.userTypes(of: journal.entries).isEmpty)
        // Written again, it keeps the old shape: no user type key for the default type.
        let written = String(decoding: try JSONEncoder.okta.encode(journal), as: UTF8.self)
        #expect(!written.contains("userType"))
    }
}
