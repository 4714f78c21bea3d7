import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

/// How the command line approves a plan the executor made under the org's lock: `--yes`,
/// or the plan printed in full and a yes typed on a terminal. Nothing else sends.
struct CommandLineApproval {
    var yes: Bool
    /// `--plan FP`: only the plan with this fingerprint may go out.
    var expectedFingerprint: String?
    var text: CommandLineText
    var org: OrgURL
    /// Words for when there is no terminal to ask on and no `--yes`: the command sends nothing.
    var command: String
    /// With nothing to send, the run still reports where the org stands (resume), rather than
    /// stopping at "nothing to write" (apply).
    var reportsWhenNothingIsLeft = false

    var approver: Approver {
        let approval = self
        return Approver { proposal in try approval.approve(proposal) }
    }

    func approve(_ proposal: Proposal) throws -> ApprovedPlan? {
        let plan = proposal.plan
        if let expectedFingerprint, expectedFingerprint != plan.fingerprint {
            throw StalePlanError(planned: expectedFingerprint, now: plan.fingerprint, steps: [])
        }
        if yes { return .unattended(proposal) }
        let finished = plan.writes.isEmpty && Planner.plan(proposal.observation).allSatisfy { $0.status == .ok }
        guard !plan.writes.isEmpty else {
            // An empty plan sends nothing: approving it only lets the run say where the org stands.
            if reportsWhenNothingIsLeft { return .unattended(proposal) }
            Output.standard.line(.ours(text.nothingToWrite))
            // Nothing to write because of a conflict: say which, and what waits on it.
            printConflicts(Planner.plan(proposal.observation), language: text.strings.language)
            throw ExitCode(finished ? Exit.done : Exit.notDone)
        }
        let (lines, question) = text.confirmation(plan, org: org.description)
        for line in lines { Output.standard.line(.outsideLines(line)) }
        // Asked only of a person who sees the plan: both ends on a terminal (a plan printed into a
        // file while a yes is typed approves nothing).
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            // Once, on stdout beside the plan it speaks of, as "Nothing to write." and "Nothing changed." are.
            Output.standard.line(.ours(text.notAskedWithoutTerminal(command: command)))
            throw ExitCode(Exit.notDone)
        }
        Output.standard.text(.ours(question))
        // Only what is typed after the question answers it: keys typed ahead (before the org was
        // even read) are dropped.
        tcflush(STDIN_FILENO, TCIFLUSH)
        guard let approved = ApprovedPlan.answeredYes(proposal, printed: lines, answer: readLine()) else {
            Output.standard.line(.ours(text.nothingChanged))
            throw ExitCode(Exit.notDone)
        }
        return approved
    }
}
