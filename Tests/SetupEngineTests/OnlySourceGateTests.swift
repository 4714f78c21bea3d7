import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// Issue 23 §1: the article's rules are gates, not advice (docs/REAL-ORGS.md R31).
/// Dialpad "should NOT be enabled if Dialpad is the only application listed" as a profile
/// source; a rollback Okta would stop half-way is refused before its first write.
@Suite struct OnlySourceGateTests {
    static let dialpadId = "0oaOjMqNowS6JZTZPspC"
    static let sourcing = #"{"enabled":true,"deactivationAction":"NONE"}"#
    static let override = Confirmation(step: .profileSource, choice: .otherSourceUnseen, at: "2026-12-07T00:00:00Z")

    static func report(_ step: StepID, _ reports: [StepReport]) -> StepReport? { reports.first { $0.id == step } }

    @Test("only source: PUSH and the override are blocked with the gate's reason and never planned; the admin's word opens it")
    func pushAndOverrideBlockedWhileDialpadIsTheOnlySource() throws {
        let observation = PlannerTests.observation(app: PlannerTests.sourcingApp, others: [])
        let shut = Planner.plan(observation)
        #expect(Self.report(.profileSource, shut)?.why == .onlyProfileSource(app: "Dialpad"))
        #expect(Self.report(.pushStatus, shut)?.status == .blocked)
        #expect(Self.report(.pushStatus, shut)?.why == .onlySourceGate(app: "Dialpad"))
        #expect(Self.report(.sourcePriority, shut)?.why == .onlySourceGate(app: "Dialpad"))
        #expect(WritePlan(observation).writes.isEmpty, "nothing of phase 3 is offered")

        let open = Planner.plan(observation, confirmations: [Self.override])
        #expect(Self.report(.profileSource, open)?.why == .otherSourceUnseen(app: "Dialpad", confirmed: false))
        #expect(Self.report(.pushStatus, open)?.status == .differs)
        #expect(Self.report(.sourcePriority, open)?.status == .differs)
        #expect(WritePlan(observation, confirmations: [Self.override]).writes.map(\.step) == [.pushStatus, .sourcePriority])

        // The later "lowest source" word keeps the override: both are the admin's.
        let both = Planner.plan(observation, confirmations: [Self.override,
                                                            Confirmation(step: .profileSource, choice: .doNothingLowestPriority, at: "2026-12-07T00:01:00Z")])
        #expect(Self.report(.profileSource, both)?.why == .otherSourceUnseen(app: "Dialpad", confirmed: true))
        #expect(Self.report(.profileSource, both)?.status == .ok)
    }

    @Test("only source, not sourcing yet: the guide never says to tick \"Allow Dialpad to source Okta users\"; it says what to do instead")
    func guideSaysWhatToDoInstead() throws {
        let observation = PlannerTests.observation(app: PlannerTests.app, others: [])
        let reports = Planner.plan(observation)
        #expect(Self.report(.profileSource, reports)?.why == .notProfileSource(app: "Dialpad", onlySource: true, idpsUncounted: false))
        let inspection = InspectionReport(observation: observation, steps: reports, requests: 0, waves: 0, language: .en)
        let guide = try #require(Self.report(.profileSource, inspection.steps)?.guidance)
        #expect(!guide.contains { $0.contains("tick \"Allow") && !$0.hasPrefix("Do not") }, "\(guide)")
        #expect(guide.contains { $0.contains("Directory > Profile Sources") })
        #expect(guide.contains { $0.contains("check-user") })
        let japanese = InspectionReport(observation: observation, steps: reports, requests: 0, waves: 0, language: .ja)
        let guideJa = try #require(Self.report(.profileSource, japanese.steps)?.guidance)
        #expect(guideJa.count == guide.count && guideJa != guide)

        // Beside another source, the guide is the usual one.
        let usual = Planner.plan(PlannerTests.observation(app: PlannerTests.app))
        let beside = InspectionReport(observation: PlannerTests.observation(app: PlannerTests.app), steps: usual, requests: 0, waves: 0, language: .en)
        #expect(Self.report(.profileSource, beside.steps)?.guidance?.first?.contains("tick \"Allow") == true)
    }

    @Test("confirm and apply hold the gate over the simulator; the admin's override is journalled and in the change report")
    func confirmAndApplyHoldTheGate() async throws {
        let org = try await WritePlannerTests.Org.start("partial")
        defer { Task { await org.stop() } }
        let store = JournalStore(url: ExecutorTests.stateURL())
        let executor = Executor(client: org.client, store: store)
        _ = try await executor.apply(appId: nil)
        try await org.console("apps/\(Self.dialpadId)/profile-sourcing", Self.sourcing)

        let refusal = try await #require(throws: ConfirmationRefusal.self) {
            try await executor.confirm(.doNothingLowestPriority, appId: nil)
        }
        #expect(refusal.reason == .onlyProfileSource(app: "Dialpad"))
        #expect(try store.load()?.confirmations.isEmpty ?? true, "nothing recorded")

        let gated = try await executor.apply(appId: nil)
        #expect(gated.writes.isEmpty, "\(gated.writes.map(\.step))")
        #expect(Self.report(.pushStatus, gated.steps)?.why == .onlySourceGate(app: "Dialpad"))
        #expect(try await org.client.mapping(id: "prmsYqEoTfbJRaJJsDJI").properties?["dialpadPhone"]?.pushStatus == "DONT_PUSH")

        _ = try await executor.confirm(.otherSourceUnseen, appId: nil)
        let lowest = try await executor.confirm(.doNothingLowestPriority, appId: nil)
        #expect(Self.report(.profileSource, lowest)?.status == .ok)
        let opened = try await executor.apply(appId: nil)
        #expect(opened.writes.map(\.step) == [.pushStatus, .sourcePriority])

        let report = try await ChangeReport.read(org.client, store: store, appId: nil)
        #expect(report.confirmations.map(\.choice) == [.otherSourceUnseen, .doNothingLowestPriority])
    }

    @Test("rolling back PUSH while Dialpad sources users is refused before any write, naming the step")
    func rollbackThatCannotFinishSendsNothing() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let store = JournalStore(url: ExecutorTests.stateURL())
        let executor = Executor(client: org.client, store: store)
        _ = try await executor.apply(appId: nil)
        try await org.console("apps/\(Self.dialpadId)/profile-sourcing", Self.sourcing)
        let sourced = try await executor.apply(appId: nil)
        #expect(sourced.writes.map(\.step) == [.pushStatus, .sourcePriority])
        let before = try await org.observe()

        let refusal = try await #require(throws: RollbackRefusal.self) {
            try await executor.rollback(steps: nil, deleteAttributeData: true)
        }
        #expect(refusal.reason == .sourcingBlocksRestore(step: .pushStatus, app: "Dialpad"))
        let after = try await org.observe()
        #expect(after.userSchema.customProperties["dialpadPhone"]?.master == before.userSchema.customProperties["dialpadPhone"]?.master,
                "the override stays: nothing of the rollback was sent")
        #expect(after.inboundMapping?.properties?["dialpadPhone"]?.pushStatus == "PUSH")
        #expect(try store.load()?.entries.allSatisfy { $0.outcome != .rolledBack } == true)

        // Sourcing turned off in the Admin Console: the same rollback finishes.
        try await org.console("apps/\(Self.dialpadId)/profile-sourcing", #"{"enabled":false}"#)
        let undone = try await executor.rollback(steps: nil, deleteAttributeData: true)
        #expect(undone.map(\.step).contains(.pushStatus))
    }
}
