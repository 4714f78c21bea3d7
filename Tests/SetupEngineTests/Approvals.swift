import Foundation
import OktaClient
import SetupEngine

/// The approvals the product makes, as the tests make them: each goes through one of the
/// three doors `ApprovedPlan` has, never around them.
extension Approver {
    /// The command line after the plan was printed in full and the admin typed y.
    static let answeredYesAtPrompt = Approver { proposal in
        ApprovedPlan.answeredYes(proposal, printed: proposal.plan.writes.map { "  \($0.method) \($0.path)" }, answer: "y")
            ?? .unattended(proposal)
    }
}

extension ApprovedPlan {
    /// The wizard's dialog after every row of it was on screen.
    /// Throws, rather than crashing the whole test run, for a plan no dialog can approve (one without writes).
    static func sentFromDialog(_ plan: WritePlan, shown: Observation) throws -> ApprovedPlan {
        guard let approved = ApprovedPlan.shownInDialog(Proposal(plan: plan, observation: shown), reading: DialogReading(rows: 1, lastRowShown: 0)) else {
            throw NotApprovable(writes: plan.writes.count)
        }
        return approved
    }

    struct NotApprovable: Error { var writes: Int }
}

extension Executor {
    /// `planWasShown`: as after the command line's prompt (each write re-reads what it rests
    /// on); otherwise as `--yes`. The result of a run that was approved.
    func apply(appId: String?, phases: Set<Phase> = Set(Phase.allCases), steps: Set<StepID>? = nil,
               planWasShown: Bool = true) async throws -> ApplyResult {
        let scope = Set(StepID.allCases.filter { phases.contains($0.phase) && steps?.contains($0) != false })
        guard let result = try await apply(appId: appId, steps: scope, approver: planWasShown ? .answeredYesAtPrompt : .unattended) else {
            throw ApprovedPlan.NotApprovable(writes: 0)
        }
        return result
    }

    /// As the wizard's Send on a plan made from `shown`.
    func apply(appId: String?, steps: Set<StepID>? = nil, shown: Observation, plan: WritePlan) async throws -> ApplyResult {
        try await apply(try .sentFromDialog(plan, shown: shown))
    }
}
