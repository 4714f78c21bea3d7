import Foundation
import OktaClient
import OktaSimulator
@testable import SetupEngine
import Testing

/// The plan an admin approves is what is sent: its requests, and nothing else; a plan the
/// org no longer gives is refused whole, before its first write.
@Suite struct PlanArtifactTests {
    @Test("a change after the plan was shown refuses the whole plan", arguments: ConcurrentEditTests.cases)
    func stalePlanIsRefused(testCase: ConcurrentEditTests.Case) async throws {
        let org = try await WritePlannerTests.Org.start(testCase.seed)
        defer { Task { await org.stop() } }
        let store = JournalStore(url: ExecutorTests.stateURL())
        if testCase.needsSourcing {
            _ = try await Executor(client: org.client, store: store).apply(appId: nil)
            try await org.console("apps/0oaOjMqNowS6JZTZPspC/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
            // partial has no other profile source: the admin's word opens the only-source gate (R31).
            _ = try await Executor(client: org.client, store: store).confirm(.otherSourceUnseen, appId: nil)
        }
        if testCase.step == .mapping {
            // Another admin can map the attribute only once it exists.
            _ = try await Executor(client: org.client, store: store).apply(appId: nil, phases: [.attributes])
        }
        let shown = try await org.observe()
        let plan = WritePlan(shown, confirmations: try store.load()?.confirmations ?? [])
        #expect(plan.writes.contains { $0.step == testCase.step })
        // A second admin changes what the step owns while the dialog is open.
        _ = try await org.client.send(.POST, url: org.client.url(testCase.path), body: Data(testCase.body.utf8))
        let journalled = try store.load()?.entries.count ?? 0
        let writes = org.client.log.writeCount
        let error = try await #require(throws: StalePlanError.self) {
            try await Executor(client: org.client, store: store).apply(appId: nil, shown: shown, plan: plan)
        }
        #expect(error.planned == plan.fingerprint && error.now != plan.fingerprint)
        #expect(error.steps.contains(testCase.step) || error.steps.isEmpty)
        #expect(org.client.log.writeCount == writes, "no write of the plan was sent")
        #expect(try store.load()?.entries.count ?? 0 == journalled, "nothing journalled")
    }

    @Test func theRequestsSentAreThePlansRequests() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let shown = try await org.observe()
        let plan = WritePlan(shown, steps: [.oktaAttribute, .appAttribute, .mapping])
        #expect(plan.writes.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
        let result = try await Executor(client: org.client, store: JournalStore(url: ExecutorTests.stateURL()))
            .apply(appId: nil, steps: Set(plan.steps), shown: shown, plan: plan)
        #expect(result.writes.map { [$0.method, $0.path] } == plan.writes.map { [$0.method, $0.path] })
        #expect(result.writes.map(\.body) == plan.writes.map(\.body), "the bodies the dialog showed, byte for byte as JSON")
        #expect(Planner.plan(result.observation).prefix(3).allSatisfy { $0.status == .ok })
    }

    @Test func aPlanForSomeStepsSendsOnlyThose() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let shown = try await org.observe()
        let plan = WritePlan(shown, steps: [.appAttribute])
        let result = try await Executor(client: org.client, store: JournalStore(url: ExecutorTests.stateURL()))
            .apply(appId: nil, steps: [.appAttribute], shown: shown, plan: plan)
        #expect(result.writes.map(\.step) == [.appAttribute])
    }

    @Test func theFingerprintFollowsWhatTheWritesRestOn() {
        let observation = PlannerTests.observation(okta: [:], appAttrs: [:], mapping: [:])
        #expect(WritePlan(observation).fingerprint == WritePlan(observation).fingerprint, "the same org gives the same plan")
        #expect(WritePlan(observation).fingerprint.count == 16)
        var sourcing = observation
        sourcing.app?.features = ["IMPORT_NEW_USERS", "PROFILE_MASTERING"]
        #expect(WritePlan(sourcing).fingerprint != WritePlan(observation).fingerprint, "the mapping would be sent with PUSH")
        var renamed = observation
        renamed.userSchema.definitions?.custom?.properties?["dialpadPhone"] = SchemaAttribute(title: "Phone", type: "string")
        #expect(WritePlan(renamed).fingerprint != WritePlan(observation).fingerprint)
    }
}
