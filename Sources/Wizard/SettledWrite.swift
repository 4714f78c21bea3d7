import OktaClient
import SetupEngine

/// A write Okta answered with no verdict (a 5xx, a lost connection), read back from the org
/// at once, sending nothing: `applied` says whether the org showed it. The journal records
/// that outcome, so nothing is left unsettled for resume, and the dialog gives one next step:
/// the one under it (attack on issue 23, finding 7). `cause` is the error the write met.
package struct SettledWrite: Error, Sendable, CustomStringConvertible {
    package let step: StepID
    package let cause: any Error & Sendable
    package let applied: Bool

    package init(step: StepID, cause: any Error & Sendable, applied: Bool) {
        self.step = step
        self.cause = cause
        self.applied = applied
    }

    package var description: String { "settled-write \(step.rawValue) \(applied ? "applied" : "not-applied"): \(cause)" }

    /// What an apply that stopped at `error` leaves to say, once an unsettled write was read
    /// back (`Executor.settle`, which sends nothing) into `settled`; nil when there was nothing
    /// to read back or the read failed, and the error stays as it was (resume settles it later).
    static func after(_ error: any Error, settled journal: Journal?) -> SettledWrite? {
        guard let unsettled = error as? UnsettledWrite, let journal,
              let entry = journal.entries.last(where: { $0.step == unsettled.step }), entry.outcome != .intent else { return nil }
        return SettledWrite(step: unsettled.step, cause: unsettled.cause, applied: entry.outcome == .done)
    }
}
