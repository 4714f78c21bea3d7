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
    static func sentFromDialog(_ plan: WritePlan, shown: Observation) -> ApprovedPlan {
        ApprovedPlan.shownInDialog(Proposal(plan: plan, observation: shown), reading: DialogReading(rows: 1, lastRowShown: 0))!
    }
}

extension Executor {
    /// `planWasShown`: as after the command line's prompt (each write re-reads what it rests
    /// on); otherwise as `--yes`. The result of a run that was approved.
    func apply(appId: String?, phases: Set<Phase> = Set(Phase.allCases), steps: Set<StepID>? = nil,
               planWasShown: Bool = true) async throws -> ApplyResult {
        let scope = Set(StepID.allCases.filter { phases.contains($0.phase) && steps?.contains($0) != false })
        return try await apply(appId: appId, steps: scope, approver: planWasShown ? .answeredYesAtPrompt : .unattended)!
    }

    /// As the wizard's Send on a plan made from `shown`.
    func apply(appId: String?, steps: Set<StepID>? = nil, shown: Observation, plan: WritePlan) async throws -> ApplyResult {
        try await apply(.sentFromDialog(plan, shown: shown))
    }
}
