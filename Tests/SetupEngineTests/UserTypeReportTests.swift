import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// docs/REAL-ORGS.md R30, as the admin is told it: a type asked for is reported under its own
/// steps (its conflict named, never dropped), the journal keeps the types set up earlier, and
/// each type's writes carry its name.
@Suite struct UserTypeReportTests {
    /// Gives the type's own schema a dialpadPhone of another kind than the procedure's.
    static func conflictingAttribute(_ org: WritePlannerTests.Org, _ type: UserType) async throws {
        let body = ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"type":"integer","title":"Phone"}},"required":[]}}}"##
        let path = "/api/v1/meta/schemas/user/\(try #require(type.schemaId))"
        _ = try await org.client.send(.POST, url: org.client.url(path), body: Data(body.utf8))
    }

    @Test("a type whose schema has a dialpadPhone of another kind is reported as a conflict, in the report and its JSON, and not complete")
    func typeConflictIsReported() async throws {
        let org = try await WritePlannerTests.Org.start("enterprise")
        defer { Task { await org.stop() } }
        let contractor = try await UserTypeApplyTests.contractor(org)
        try await Self.conflictingAttribute(org, contractor)

        let observation = try await Observer(client: org.client).observe(userTypes: [contractor.id])
        let report = InspectionReport(observation: observation, steps: Planner.plan(observation), requests: nil, waves: nil)
        let status = try #require(report.userTypes?.first { $0.id == contractor.id })
        #expect(status.name == "Contractor")
        #expect(status.steps.first { $0.id == .oktaAttribute }?.status == .conflict)
        #expect(!status.complete && !report.complete)
        // Nothing planned for it, and the existing-users advice does not send the admin back to the same command.
        #expect(WritePlan(observation).writes.allSatisfy { $0.userType != contractor.id })
        #expect(report.steps.first { $0.id == .existingUsers }?.otherUserTypes?.contains { $0.typeId == contractor.id } != true)

        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder.okta.encode(report)) as? [String: Any])
        let types = try #require(json["userTypes"] as? [[String: Any]])
        let steps = try #require(types.first?["steps"] as? [[String: Any]])
        #expect(types.first?["id"] as? String == contractor.id)
        #expect(steps.first { $0["id"] as? String == "okta-attribute" }?["status"] as? String == "conflict")
    }

    @Test("an apply without the types after one with them keeps them in the journal, and the carry takes them on")
    func journalKeepsTheTypes() async throws {
        let org = try await WritePlannerTests.Org.start("enterprise")
        defer { Task { await org.stop() } }
        let contractor = try await UserTypeApplyTests.contractor(org)
        let store = JournalStore(url: ExecutorTests.stateURL())
        let executor = Executor(client: org.client, store: store)
        _ = try await executor.apply(appId: nil, userTypes: [contractor.id], approver: .unattended)
        let app = try #require(try await org.observe().app)
        try await org.console("apps/\(app.id)/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)

        // The engine alone (the wizard's path): the plain run writes only the default type, the journal keeps the type.
        _ = try await executor.apply(appId: nil, steps: [.pushStatus], userTypes: [], approver: .unattended)
        #expect(try store.load()?.userTypes == [contractor.id])

        // The command line's carry: the journal's types join the run, so PUSH and the override follow for the type.
        let carry = UserTypeCarry(journal: try store.load(), given: [])
        #expect(carry.types == [contractor.id] && carry.all == [contractor.id])
        #expect(UserTypeCarry(journal: try store.load(), given: [contractor.id]).types.isEmpty)
        let carried = try #require(try await executor.apply(appId: nil, userTypes: carry.all, approver: .unattended))
        #expect(Set(carried.writes.filter { $0.userType == contractor.id }.map(\.step)) == [.pushStatus, .sourcePriority])
        #expect(try store.load()?.userTypes == [contractor.id])
    }

    @Test("a type's planned writes carry its name, and the plan its types")
    func writesNameTheirType() async throws {
        let org = try await WritePlannerTests.Org.start("enterprise")
        defer { Task { await org.stop() } }
        let contractor = try await UserTypeApplyTests.contractor(org)
        let plan = WritePlan(try await Observer(client: org.client).observe(userTypes: [contractor.id]))
        let forType = plan.writes.filter { $0.userType == contractor.id }
        #expect(!forType.isEmpty && forType.allSatisfy { $0.userTypeName == "Contractor" })
        #expect(plan.writes.filter { $0.userType == nil }.allSatisfy { $0.userTypeName == nil })
        #expect(plan.userTypes == [contractor.id])
    }

    /// What a run told, with the type it named.
    final class Told: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [(ApplyProgress, UserTypeLabel?)] = []
        func add(_ progress: ApplyProgress, _ type: UserTypeLabel?) { lock.withLock { items.append((progress, type)) } }
        var all: [(ApplyProgress, UserTypeLabel?)] { lock.withLock { items } }
    }

    @Test("apply and rollback name the user type of each write they are at, so two types' writes of one step are told apart")
    func progressNamesTheType() async throws {
        let org = try await WritePlannerTests.Org.start("enterprise")
        defer { Task { await org.stop() } }
        let contractor = try await UserTypeApplyTests.contractor(org)
        var executor = Executor(client: org.client, store: JournalStore(url: ExecutorTests.stateURL()))
        let told = Told()
        executor.progressNamingTypes = { told.add($0, $1) }
        _ = try await executor.apply(appId: nil, userTypes: [contractor.id], approver: .unattended)
        let writing = told.all.filter { if case .writing(.oktaAttribute) = $0.0 { true } else { false } }.map(\.1)
        #expect(writing == [nil, UserTypeLabel(id: contractor.id, name: "Contractor")])

        let restored = Told()
        executor.progressNamingTypes = { restored.add($0, $1) }
        _ = try await executor.rollback(steps: [.mapping], deleteAttributeData: false)
        #expect(Set(restored.all.map { $0.1?.name ?? "default" }) == ["default", "Contractor"])
    }

    @Test("a journal type the org does not have: rollback undoes the default type's writes and names the type left alone; resume says the journal named it")
    func journalTypeTheOrgLacks() async throws {
        let org = try await WritePlannerTests.Org.start("enterprise")
        defer { Task { await org.stop() } }
        let contractor = try await UserTypeApplyTests.contractor(org)
        let store = JournalStore(url: ExecutorTests.stateURL())
        let executor = Executor(client: org.client, store: store)
        _ = try await executor.apply(appId: nil, userTypes: [contractor.id], approver: .unattended)
        // The type as if deleted in Okta: the journal names an id the org does not list.
        let gone = "otyDeleted000000001"
        let text = try String(contentsOf: store.url, encoding: .utf8).replacingOccurrences(of: contractor.id, with: gone)
        try text.write(to: store.url, atomically: true, encoding: .utf8)

        let refusal = try await #require(throws: UserTypeLookupError.self) { _ = try await executor.resume(approver: .unattended) }
        guard case .journalNamesUnknownUserType(let id, _, let journal) = refusal.reason else { Issue.record("\(refusal)"); return }
        #expect(id == gone && journal == store.url.path)

        let told = Told()
        let undone = try await executor.rollback(steps: [.mapping], deleteAttributeData: false,
                                                 leftAlone: { types in told.add(.writing(.mapping), UserTypeLabel(id: types.joined(), name: "")) })
        #expect(told.all.map { $0.1?.id } == [gone])
        #expect(undone.map(\.step) == [.mapping] && undone.allSatisfy { $0.userType == nil })
        let left = try #require(try store.load()).entries.filter { $0.userType == gone }
        #expect(!left.isEmpty && left.allSatisfy { $0.outcome == .done }, "the type's entries are kept as they were")
    }
}
