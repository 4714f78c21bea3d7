import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// A second admin changes what a step owns between the plan and its write: the step
/// refuses, writes nothing, and the other admin's change stays.
@Suite struct ConcurrentEditTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var step: StepID
        var seed: String
        var needsSourcing: Bool
        var path: String
        var body: String
        var testDescription: String { step.rawValue }
    }

    static let cases: [Case] = [
        Case(step: .oktaAttribute, seed: "fresh", needsSourcing: false, path: "/api/v1/meta/schemas/user/default",
             body: ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"title":"Work phone","type":"string"}}}}}"##),
        Case(step: .appAttribute, seed: "fresh", needsSourcing: false, path: "/api/v1/meta/schemas/apps/0oaOjMqNowS6JZTZPspC/default",
             body: ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"title":"Phone","type":"string","externalName":"phoneNumbers.^[type=='work'].value","externalNamespace":"urn:ietf:params:scim:schemas:core:2.0:User"}}}}}"##),
        Case(step: .mapping, seed: "fresh", needsSourcing: false, path: "/api/v1/mappings/prmsYqEoTfbJRaJJsDJI",
             body: #"{"properties":{"dialpadPhone":{"expression":"appuser.email","pushStatus":"DONT_PUSH"}}}"#),
        Case(step: .pushStatus, seed: "partial", needsSourcing: true, path: "/api/v1/mappings/prmsYqEoTfbJRaJJsDJI",
             body: #"{"properties":{"dialpadPhone":{"expression":"appuser.email","pushStatus":"PUSH"}}}"#),
        Case(step: .sourcePriority, seed: "partial", needsSourcing: true, path: "/api/v1/meta/schemas/user/default",
             body: ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"title":"Dialpad Phone","description":"Dialpad Phone","type":"string","master":{"type":"OKTA"}}}}}}"##),
    ]

    @Test("a change between plan and write is refused", arguments: cases)
    func refused(testCase: Case) async throws {
        let org = try await WritePlannerTests.Org.start(testCase.seed)
        defer { Task { await org.stop() } }
        let store = JournalStore(url: ExecutorTests.stateURL())
        if testCase.needsSourcing {
            _ = try await Executor(client: org.client, store: store).apply(appId: nil)
            try await org.console("apps/0oaOjMqNowS6JZTZPspC/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
            // partial has no other profile source: the admin's word opens the only-source gate (R31).
            _ = try await Executor(client: org.client, store: store).confirm(.otherSourceUnseen, appId: nil)
        }
        var executor = Executor(client: org.client, store: store)
        let client = org.client
        executor.beforeWrite = { write in
            guard write.step == testCase.step else { return }
            _ = try await client.send(.POST, url: client.url(testCase.path), body: Data(testCase.body.utf8))
        }
        let journalledBefore = try store.load()?.entries.filter { $0.step == testCase.step }.count ?? 0
        // Refused by the read right after the plan was approved (the plan the org gives now
        // differs), or by the re-read right before a later stage's write.
        let error = try await #require(throws: (any Error).self) { try await executor.apply(appId: nil) }
        #expect(Self.refusedSteps(error).contains(testCase.step), "\(error)")
        #expect(try store.load()?.entries.filter { $0.step == testCase.step }.count ?? 0 == journalledBefore, "nothing journalled for the step, nothing written")
        let after = Planner.plan(try await org.observe())
        #expect(after.first { $0.id == testCase.step }?.status != .ok, "the other admin's value stays")
    }
}

extension ConcurrentEditTests {
    /// The steps a refusal to write names: a stale plan, or a concurrent change at a write.
    static func refusedSteps(_ error: any Error) -> [StepID] {
        if let stale = error as? StalePlanError { return stale.steps }
        if let concurrent = error as? ConcurrentChangeError { return [concurrent.step] }
        if let precondition = error as? PreconditionChangedError { return [precondition.step] }
        return []
    }
}

@Suite struct PreconditionRecheckTests {
    @Test func sourcingSwitchedOffBeforePushIsCaughtBeforeWriting() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let store = JournalStore(url: ExecutorTests.stateURL())
        _ = try await Executor(client: org.client, store: store).apply(appId: nil)
        try await org.console("apps/0oaOjMqNowS6JZTZPspC/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
        var executor = Executor(client: org.client, store: store)
        executor.beforeWrite = { write in
            guard write.step == .pushStatus else { return }
            // Another admin unticks "Allow Dialpad to source Okta users".
            try await org.console("apps/0oaOjMqNowS6JZTZPspC/profile-sourcing", #"{"enabled":false}"#)
        }
        let writes = org.client.log.writeCount
        let error = try await #require(throws: (any Error).self) { try await executor.apply(appId: nil) }
        #expect(ConcurrentEditTests.refusedSteps(error).contains(.pushStatus), "\(error)")
        #expect(org.client.log.writeCount == writes + 1, "only the other admin's console action; no write of ours")
    }
}
