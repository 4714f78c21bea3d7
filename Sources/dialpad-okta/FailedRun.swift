import ArgumentParser
import Foundation
import OktaClient
import SetupEngine
import Synchronization
import TerminalUI
import Wizard

/// The number of writes an approved plan holds, kept for after the run: a run that fails part
/// way says how many of them are done.
final class PlannedCount: Sendable {
    private let count = Mutex<Int?>(nil)
    var value: Int? { count.withLock { $0 } }

    /// The approver, counting what it approves.
    func counting(_ approver: Approver) -> Approver {
        Approver { proposal in
            let approved = try await approver.approve(proposal)
            if let approved { self.count.withLock { $0 = approved.plan.writes.count } }
            return approved
        }
    }
}

/// Runs a command's writes; when one fails after the run began writing (apply, resume,
/// rollback), reads the org again and prints it, then how many of the run's writes are done
/// and what to do next, before the error itself is presented as any other.
/// `tally`: the journal before and after, to how far the run got (nil: it never began).
func showingTheOrgAfterAFailure<T: Sendable>(_ client: OktaClient, store: JournalStore, appId: String?, language: Language,
                                             tally: (Journal?, Journal?) -> RunTally?, _ run: () async throws -> T) async throws -> T {
    let before = try? store.load()
    do {
        return try await run()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let unsettled = try? store.load()
        // A refusal before the first write (a missing --delete-attribute-data, another org's
        // journal, a stale plan) changed nothing: it is said as it is, with no org report.
        let began = unsettled?.entries != before?.entries || cameFromAWrite(error)
        guard began, let counted = tally(before, unsettled) else { throw error }
        // The org is read again anyway: a write whose read-back gave up (a 5xx, no answer) is
        // settled against it now, so a write the org shows is confirmed, not left to resume.
        let (tally, after) = counted.kind == .apply
            ? await Executor(client: client, store: store).stoppedApply(planned: counted.planned, before: before, stoppedBy: error)
            : (counted, unsettled)
        let text = CommandLineText(language: language, colour: false)
        let confirmations = after?.confirmations ?? []
        // The org as it is now, not as the run found it: a failed read leaves only the count.
        if let observation = try? await Observer(client: client).observe(appId: appId ?? after?.appId ?? before?.appId) {
            let report = InspectionReport(observation: observation, steps: Planner.plan(observation, confirmations: confirmations),
                                          requests: nil, waves: nil, language: language)
            Output.standard.line(.ours(text.orgReadAgain))
            Output.standard.text(CommandLineText(language: language, colour: Terminal.wantsColour).inspection(report, observation: observation))
        }
        Output.standard.line(.ours(text.stoppedRun(tally)))
        throw error
    }
}

/// An error a write gave (Okta's answer to it, its read-back, a concurrent change found
/// right before it), as against a refusal made before anything was sent.
func cameFromAWrite(_ error: any Error) -> Bool {
    switch error {
    case let okta as OktaError: return okta.method.map { $0 != "GET" } ?? false
    case is UnsettledWrite, is RoleRefusedWrite, is UnverifiedWriteError, is ConcurrentChangeError, is PreconditionChangedError: return true
    default: return false
    }
}

/// A conflict the run left alone, and the steps waiting on it (apply writes what does not
/// depend on a conflict, then says so and exits 3).
func printConflicts(_ steps: [StepReport], language: Language) {
    let text = CommandLineText(language: language, colour: false)
    for report in steps where report.status == .conflict {
        let waiting = report.id.dependents.filter { dependent in steps.first { $0.id == dependent }?.status != .ok }
        Output.standard.line(.ours(text.conflictLeft(report, waiting: waiting)))
    }
}
