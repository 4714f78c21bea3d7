import Foundation
import OktaClient

/// How far a run of writes got before one failed: how many of the writes it set out to make
/// are done. Counted from the journal before and after the run, so it holds whatever the
/// error was; a front end words it ("3 of 7 written", "1 of 5 rolled back") beside the org
/// read again.
package struct RunTally: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case apply
        case rollback
    }

    package let kind: Kind
    package let done: Int
    package let planned: Int
    /// Writes of an apply that Okta may have applied without the run seeing them (acknowledged
    /// but not shown in reads, or the answer lost): resume and rollback settle them against the
    /// org, so they may need undoing.
    package let unsettled: [StepID]
    /// Writes of an apply that are not in the org: Okta refused them (a 4xx answer), or failed
    /// (a 5xx) and the org read back does not show them. Nothing of them to undo.
    package let refused: [StepID]
    /// Writes of an apply that failed (a 5xx, a lost answer) and that the org, read again once
    /// the run stopped, does not show: not in the org, and Okta did not refuse them.
    package let failed: [StepID]
    /// What stopped the run when it was a passing failure of the org (a 5xx, no answer): no
    /// setting is wrong, so the next step is to wait and retry, not to resolve an error.
    package let passingFailure: PassingFailure?
    /// Undoing what may be in the org deletes an attribute the run added, with its users'
    /// values: the rollback that undoes it needs `--delete-attribute-data`.
    package let rollbackDeletesData: Bool

    package init(_ kind: Kind, done: Int, planned: Int, unsettled: [StepID] = [], refused: [StepID] = [], failed: [StepID] = [],
                rollbackDeletesData: Bool = false, passingFailure: PassingFailure? = nil) {
        self.kind = kind
        self.done = done
        self.planned = max(planned, done)
        self.unsettled = unsettled
        self.refused = refused
        self.failed = failed
        self.passingFailure = passingFailure
        self.rollbackDeletesData = rollbackDeletesData
    }

    /// Something of the run may be in the org, so a rollback has something to undo.
    package var mayHaveWritten: Bool { done > 0 || !unsettled.isEmpty }

    /// An apply of `planned` writes: the entries journalled since `before` that Okta applied.
    /// `unsettledAfterRun`: the journal as the run left it, before its unsettled writes were
    /// settled against the org; a write settled as not applied then failed, Okta did not refuse it.
    /// `stoppedBy`: the error that stopped the run.
    package static func applied(planned: Int, before: Journal?, after: Journal?, unsettledAfterRun: Journal? = nil,
                                stoppedBy error: (any Error)? = nil) -> RunTally {
        let start = before?.entries.count ?? 0
        let added = (after?.entries ?? []).dropFirst(start)
        // A write refused once and planned again later in the run has a later entry of its own.
        func steps(_ outcome: Journal.Entry.Outcome) -> [StepID] {
            added.filter { $0.outcome == outcome }.map(\.step).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        }
        let done = steps(.done)
        let notApplied = steps(.failed).filter { !done.contains($0) }
        let wasUnsettled = Set((unsettledAfterRun?.entries ?? []).dropFirst(start).filter { $0.outcome == .intent }.map(\.step))
        return RunTally(.apply, done: added.filter { $0.outcome == .done }.count, planned: planned,
                        unsettled: steps(.intent), refused: notApplied.filter { !wasUnsettled.contains($0) },
                        failed: notApplied.filter { wasUnsettled.contains($0) },
                        rollbackDeletesData: added.contains { [.done, .intent].contains($0.outcome) && $0.deletesData },
                        passingFailure: error.flatMap(passingFailure(of:)))
    }

    /// The passing failure behind an error a run stopped at, looking through a write left unsettled.
    package static func passingFailure(of error: any Error) -> PassingFailure? {
        switch error {
        case let okta as OktaError: return okta.passingFailure
        case let unsettled as UnsettledWrite: return passingFailure(of: unsettled.cause)
        default: return nil
        }
    }

    /// A rollback of `steps` (nil: all): the entries it was to undo, as rollback picks them
    /// (the steps built on them too), and how many of those the journal now shows undone.
    package static func rolledBack(steps: Set<StepID>?, before: Journal?, after: Journal?) -> RunTally {
        guard let before else { return RunTally(.rollback, done: 0, planned: 0) }
        var wanted = steps ?? Set(StepID.allCases)
        for step in wanted { wanted.formUnion(step.dependents) }
        let indices = before.entries.indices.filter { wanted.contains(before.entries[$0].step) && [.done, .intent].contains(before.entries[$0].outcome) }
        let entries = after?.entries ?? []
        let done = indices.filter { entries.indices.contains($0) && entries[$0].outcome == .rolledBack }.count
        return RunTally(.rollback, done: done, planned: indices.count)
    }
}
