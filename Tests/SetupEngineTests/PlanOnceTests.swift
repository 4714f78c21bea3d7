import Foundation
import OktaClient
import SetupEngine
import Testing

/// Issue 26 §4: a write's read-back judges only the step it waits for, with the steps before
/// it; the answer must be the whole plan's for that step, on every seed and confirmation.
@Suite struct PlanOnceTests {
    @Test("one step's report is the whole plan's report for it", arguments: ["fresh", "partial", "conflict", "complete", "no-app", "push-only"])
    func oneStepIsTheWholePlansStep(seed: String) async throws {
        let observation = try await inspect(seed: seed).observation
        let confirmations = [Confirmation(step: .profileSource, choice: .doNothingLowestPriority, at: "2026-12-07T00:00:00Z"),
                             Confirmation(step: .existingUsers, choice: .newUsersOnly, at: "2026-12-07T00:00:00Z")]
        for recorded in [[], confirmations] {
            let whole = Planner.plan(observation, confirmations: recorded)
            for step in StepID.allCases {
                let alone = Planner.report(of: step, observation, confirmations: recorded)
                #expect(alone == whole.first { $0.id == step }, "\(seed) \(step)")
            }
        }
    }
}
