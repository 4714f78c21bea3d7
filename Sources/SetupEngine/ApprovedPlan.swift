import Foundation

/// A plan the executor was asked to approve: the exact requests, and the org they were
/// planned from. Made by the executor itself, under the org's lock.
package struct Proposal: Sendable, Equatable {
    package let plan: WritePlan
    /// The org as read for this plan (the wizard's screen, or the executor's own read).
    package let observation: Observation

    package init(plan: WritePlan, observation: Observation) {
        self.plan = plan
        self.observation = observation
    }
}

/// The one door to the org: the executor sends only the requests of an approved plan, and
/// no other code can make one. There are exactly three ways, each the evidence that the
/// admin saw what will be sent, or said not to look:
/// - the wizard's dialog, once every row of it has been on screen (`shownInDialog`);
/// - the command line's prompt, answered yes after the plan was printed (`answeredYes`);
/// - `--yes` (`unattended`).
/// The plan's scope (the steps it was made for) travels with it into the journal, so that
/// resume never writes beyond what the admin asked for.
package struct ApprovedPlan: Sendable, Equatable {
    package enum Route: String, Sendable, Equatable, Codable {
        /// Shown in full in the wizard's dialog, then Send.
        case dialog
        /// Printed in full on the command line, then answered yes.
        case prompt
        /// `--yes`: the admin chose not to look first.
        case unattended
    }

    package let plan: WritePlan
    package let route: Route
    package let observation: Observation

    private init(_ proposal: Proposal, route: Route) {
        plan = proposal.plan
        observation = proposal.observation
        self.route = route
    }

    /// The wizard's apply dialog, once the last row of its content has been on screen.
    package static func shownInDialog(_ proposal: Proposal, reading: DialogReading) -> ApprovedPlan? {
        guard reading.sawEverything, !proposal.plan.writes.isEmpty else { return nil }
        return ApprovedPlan(proposal, route: .dialog)
    }

    /// The command line's question, asked after `printed` (every request of the plan, each
    /// on its own line) went out: approved only by an explicit yes.
    package static func answeredYes(_ proposal: Proposal, printed: [String], answer: String?) -> ApprovedPlan? {
        let requests = proposal.plan.writes.map { $0.method + " " + $0.path }
        guard let answer, ["y", "yes", "はい"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()),
              !requests.isEmpty, requests.allSatisfy({ request in printed.contains { $0.contains(request) } })
        else { return nil }
        return ApprovedPlan(proposal, route: .prompt)
    }

    /// `--yes`: the admin approved whatever the plan holds within the scope they named.
    package static func unattended(_ proposal: Proposal) -> ApprovedPlan {
        ApprovedPlan(proposal, route: .unattended)
    }

    /// The steps it was made for, in the procedure's order.
    package var steps: [StepID] { StepID.allCases.filter(plan.steps.contains) }

    /// A plan shown to a person is read again before its first write and each write re-reads
    /// what it rests on: time passed between showing and sending. An unattended plan was made
    /// under the org's lock moments ago.
    var wasShown: Bool { route != .unattended }
}

/// How much of a dialog has been on screen: its rows (as laid out at the terminal's size)
/// and the furthest row shown so far.
package struct DialogReading: Sendable, Equatable {
    package var rows: Int
    package var lastRowShown: Int

    package init(rows: Int, lastRowShown: Int) {
        self.rows = rows
        self.lastRowShown = lastRowShown
    }

    package var sawEverything: Bool { lastRowShown >= rows - 1 }
}

/// Decides, once the executor has read the org under its lock and made the plan, whether the
/// plan goes out: the command line prints it and asks, or `--yes` approves it; nil sends nothing.
package struct Approver: Sendable {
    package let approve: @Sendable (Proposal) async throws -> ApprovedPlan?

    package init(_ approve: @escaping @Sendable (Proposal) async throws -> ApprovedPlan?) {
        self.approve = approve
    }

    /// `--yes`.
    package static let unattended = Approver { .unattended($0) }
}
