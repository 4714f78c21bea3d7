import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

@Suite struct RollbackTests {
    /// The org's state without the timestamps every write moves, as Okta's would.
    static func comparable(_ data: Data) throws -> JSONValue {
        func strip(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let fields):
                return .object(fields.filter { !["lastUpdated", "created"].contains($0.key) }.mapValues(strip))
            case .array(let items): return .array(items.map(strip))
            default: return value
            }
        }
        return strip(try JSONDecoder().decode(JSONValue.self, from: data))
    }

    @Test func rollbackAllRestoresTheOrgExactly() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let before = try Self.comparable(try await org.simulator.stateJSON())
        let store = JournalStore(url: ExecutorTests.stateURL())
        let executor = Executor(client: org.client, store: store)
        _ = try await executor.apply(appId: nil)
        #expect(try Self.comparable(try await org.simulator.stateJSON()) != before)

        let writesBefore = org.client.log.writeCount
        let refusal = try await #require(throws: RollbackRefusal.self) {
            try await executor.rollback(steps: nil, deleteAttributeData: false)
        }
        #expect(refusal.reason == .deletionNotConfirmed(steps: [.appAttribute, .oktaAttribute]) || refusal.reason == .deletionNotConfirmed(steps: [.oktaAttribute, .appAttribute]))
        #expect(org.client.log.writeCount == writesBefore, "refused before any write")

        let undone = try await executor.rollback(steps: nil, deleteAttributeData: true)
        #expect(undone.map(\.step) == [.mapping, .appAttribute, .oktaAttribute])
        #expect(try Self.comparable(try await org.simulator.stateJSON()) == before)
        #expect(try await executor.rollback(steps: nil, deleteAttributeData: true).isEmpty, "a second rollback has nothing to do")
    }

    @Test func rollbackOfOneStepUndoesOnlyItAndWhatBuildsOnIt() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let store = JournalStore(url: ExecutorTests.stateURL())
        let executor = Executor(client: org.client, store: store)
        _ = try await executor.apply(appId: nil)
        try await org.console("apps/0oaOjMqNowS6JZTZPspC/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
        let second = try await executor.apply(appId: nil)
        #expect(second.writes.map(\.step) == [.pushStatus, .sourcePriority])

        let undone = try await executor.rollback(steps: [.sourcePriority], deleteAttributeData: false)
        #expect(undone.map(\.step) == [.sourcePriority])
        let steps = Planner.plan(try await org.observe())
        #expect(steps.first { $0.id == .sourcePriority }?.status == .differs)
        #expect(steps.first { $0.id == .pushStatus }?.status == .ok, "other steps untouched")
        #expect(steps.first { $0.id == .oktaAttribute }?.status == .ok)
    }

    @Test func rollbackRefusesWhenSomeoneChangedTheStepSince() async throws {
        let org = try await WritePlannerTests.Org.start("partial")
        defer { Task { await org.stop() } }
        let executor = Executor(client: org.client, store: JournalStore(url: ExecutorTests.stateURL()))
        _ = try await executor.apply(appId: nil)
        let body = #"{"properties":{"dialpadPhone":{"expression":"appuser.email","pushStatus":"DONT_PUSH"}}}"#
        _ = try await org.client.send(.POST, url: org.client.url("/api/v1/mappings/prmsYqEoTfbJRaJJsDJI"), body: Data(body.utf8))
        let refusal = try await #require(throws: RollbackRefusal.self) {
            try await executor.rollback(steps: [.mapping], deleteAttributeData: false)
        }
        guard case .changedSinceApplied(.mapping, _, _) = refusal.reason else { Issue.record("\(refusal)"); return }
        #expect(try await org.client.mapping(id: "prmsYqEoTfbJRaJJsDJI").properties?["dialpadPhone"]?.expression == "appuser.email")
    }
}

@Suite struct ReAddAfterRollbackTests {
    /// Okta refuses to re-add a just-deleted attribute until its clean-up ends: apply says so
    /// with Okta's cause, and journals the write as refused (a 4xx proves it never landed).
    @Test func reAddingDuringCleanUpIsRefusedAndJournalledAsFailed() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh", cleanupSeconds: 3600))
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        let store = JournalStore(url: ExecutorTests.stateURL())
        var executor = Executor(client: client, store: store)
        // The executor sends the write again for two minutes (R26): on a clock of the test's own.
        executor.clock = VirtualClock().waitClock
        _ = try await executor.apply(appId: nil)
        _ = try await executor.rollback(steps: nil, deleteAttributeData: true)

        let error = try await #require(throws: OktaError.self) { try await executor.apply(appId: nil) }
        #expect(error.httpStatus == 400 && error.errorCode == "E0000001")
        #expect(error.errorCauses.contains { $0.errorSummary.contains("clean up") })
        let journal = try #require(try store.load())
        let last = journal.entries.suffix(2)
        #expect(last.allSatisfy { $0.outcome == .failed }, "\(last.map(\.outcome))")
        await client.shutdown()
        await simulator.shutdown()
    }
}
