import Foundation

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
    /// Undoing what may be in the org deletes an attribute the run added, with its users'
    /// values: the rollback that undoes it needs `--delete-attribute-data`.
    package let rollbackDeletesData: Bool

    package init(_ kind: Kind, done: Int, planned: Int, unsettled: [StepID] = [], refused: [StepID] = [], rollbackDeletesData: Bool = false) {
        self.kind = kind
        self.done = done
        self.planned = max(planned, done)
        self.unsettled = unsettled
        self.refused = refused
        self.rollbackDeletesData = rollbackDeletesData
    }

    /// Something of the run may be in the org, so a rollback has something to undo.
    package var mayHaveWritten: Bool { done > 0 || !unsettled.isEmpty }

    /// An apply of `planned` writes: the entries journalled since `before` that Okta applied.
    package static func applied(planned: Int, before: Journal?, after: Journal?) -> RunTally {
        let start = before?.entries.count ?? 0
        let added = (after?.entries ?? []).dropFirst(start)
        // A write refused once and planned again later in the run has a later entry of its own.
        func steps(_ outcome: Journal.Entry.Outcome) -> [StepID] {
            added.filter { $0.outcome == outcome }.map(\.step).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        }
        let done = steps(.done)
        return RunTally(.apply, done: added.filter { $0.outcome == .done }.count, planned: planned,
                        unsettled: steps(.intent), refused: steps(.failed).filter { !done.contains($0) },
                        rollbackDeletesData: added.contains { [.done, .intent].contains($0.outcome) && $0.deletesData })
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
