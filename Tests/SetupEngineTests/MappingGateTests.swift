import Foundation
import OktaClient
import SetupEngine
import Testing

/// The attack on issue 23: Okta takes only PUSH from an app that sources users, so while
/// Dialpad sources users and is the only source, the mapping's write would be PUSH, which the
/// only-source gate holds back. The mapping waits behind the gate too.
@Suite struct MappingGateTests {
    static func report(_ step: StepID, _ observation: Observation, _ confirmations: [SetupEngine.Confirmation] = []) -> StepReport? {
        Planner.plan(observation, confirmations: confirmations).first { $0.id == step }
    }

    @Test("sourcing and the only source: the mapping is held with the gate's reason, and never planned")
    func mappingHeldWhileDialpadIsTheOnlySource() {
        let observation = PlannerTests.observation(app: PlannerTests.sourcingApp, mapping: [:], others: [])
        #expect(Self.report(.mapping, observation)?.status == .blocked)
        #expect(Self.report(.mapping, observation)?.why == .onlySourceGate(app: "Dialpad"))
        #expect(!WritePlan(observation).writes.contains { $0.step == .mapping })
    }

    @Test("another source, or the admin's word that one ranks above, opens it")
    func mappingOpensWithAnotherSource() {
        let withOther = PlannerTests.observation(app: PlannerTests.sourcingApp, mapping: [:])
        #expect(Self.report(.mapping, withOther)?.status == .missing)
        let alone = PlannerTests.observation(app: PlannerTests.sourcingApp, mapping: [:], others: [])
        let word = SetupEngine.Confirmation(step: .profileSource, choice: .otherSourceUnseen, at: "2026-12-07T00:00:00Z")
        #expect(Self.report(.mapping, alone, [word])?.status == .missing)
        #expect(WritePlan(alone, confirmations: [word]).writes.contains { $0.step == .mapping })
    }

    @Test("not sourcing: the mapping goes out create-only, whatever the count")
    func notSourcingIsNotHeld() {
        let observation = PlannerTests.observation(app: PlannerTests.app, mapping: [:], others: [])
        #expect(Self.report(.mapping, observation)?.status == .missing)
    }

    @Test("sourcing while the other sources are still being counted: held until they are")
    func heldWhileCounting() {
        var observation = PlannerTests.observation(app: PlannerTests.sourcingApp, mapping: [:])
        observation.appSourceCount = .reading
        #expect(Self.report(.mapping, observation)?.status == .blocked)
    }
}
