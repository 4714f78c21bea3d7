import Foundation
import SetupEngine
import TerminalUI

// The rollback dialog's keys, and where a run that stopped leaves the admin.

/// Opens the rollback dialog for these steps (and the steps built on them), at its top.
func openRollback(_ steps: [StepID], in state: inout WizardState) -> [WizardEffect] {
    if refuseWhileBusy(.character("b"), in: &state) { return [] }
    guard !state.countingSources else {
        state.notice = .keyUnavailable(.character("b"), .countingSources)
        return []
    }
    let entries = state.rollbackEntries(for: steps)
    guard !entries.isEmpty else {
        state.notice = .nothingToRollBack
        return []
    }
    let findings = state.rollbackFindings(entries)
    // Only what changed since this tool wrote it is left: the dialog would offer nothing (N3).
    guard findings.contains(where: { !$0.leavesAlone }) else {
        state.notice = .nothingLeftToRollBack(leftAlone: unique(entries.map(\.step)))
        return []
    }
    // An attribute the org does not have deletes nobody's value: no box, no warning (N5).
    let deletes = zip(entries, findings).contains { $0.deletesData && $1 == .toUndo }
    // Opens on the deletion box, or on Cancel: never on the button that writes. A box below
    // the fold is not focused from the start: Space must never tick a box nobody can see.
    state.modal = .rollback(steps: steps, entries: entries, deletesData: deletes, understood: false, focus: deletes ? 0 : 2)
    if deletes && !focusOnScreen(state) {
        state.modal = .rollback(steps: steps, entries: entries, deletesData: deletes, understood: false, focus: 2)
    }
    return []
}

/// a, A or b (or Enter on a write) while something runs: nothing opens, and the status line
/// says why; an Apply or Rollback dialog over a write in flight would plan that write again.
func refuseWhileBusy(_ key: Key, in state: inout WizardState) -> Bool {
    guard let busy = state.busy else { return false }
    state.notice = .keyUnavailable(key, busy.writesInFlight ? .writeInProgress : .busy)
    return true
}

extension WizardState {
    /// What a rollback of `entries` finds in the org as last read, one finding an entry: the
    /// engine's own check, so the dialog says what the rollback will leave alone.
    func rollbackFindings(_ entries: [Journal.Entry]) -> [RollbackFinding] {
        guard let observation else { return entries.map { _ in .toUndo } }
        return Executor.findings(entries, in: observation, desired: desired)
    }

    /// The steps the open rollback dialog shows as left alone.
    func leftAlone(_ entries: [Journal.Entry]) -> [StepID] {
        unique(zip(entries, rollbackFindings(entries)).filter { $1.leavesAlone }.map(\.0.step))
    }
}

private func unique(_ steps: [StepID]) -> [StepID] { StepID.allCases.filter(steps.contains) }

/// A rollback finished: what it undid, and, said apart, what it found not in the org and
/// what it left alone (never "rolled back" for a write that sent nothing).
func rollbackFinished(_ steps: [StepID], undone entries: [Journal.Entry], before: Journal?, in state: inout WizardState) {
    let undone = unique(entries.map(\.step))
    let wasOpen = Set((before?.entries ?? []).indices.filter { [.done, .intent].contains(before?.entries[$0].outcome) })
    let now = state.journal?.entries ?? []
    let notInOrg = unique(now.indices.filter { wasOpen.contains($0) && now[$0].rolledBackAsFound }.map { now[$0].step })
    let leftAlone = unique(state.rollbackEntries(for: steps).map(\.step))
    guard !notInOrg.isEmpty || !leftAlone.isEmpty else {
        state.notice = .rolledBack(undone.isEmpty ? steps : undone, requests: entries.count)
        return
    }
    state.notice = .rollbackSummary(RollbackSummary(rolledBack: undone, requests: entries.count, notInOrg: notInOrg.filter { !undone.contains($0) }, leftAlone: leftAlone))
}

/// A run of writes (apply, rollback) stopped part way: the admin lands on the org as read
/// again, never on the journal the run started from (the resume offer), where no key goes on.
func landAfterStoppedRun(_ state: inout WizardState) {
    guard state.screen == .resumeOffer else { return }
    state.screen = .overview
    state.history = []
}

/// The rollback dialog. Focus: 0 the data-deletion checkbox (only when a deletion is
/// involved), 1 Roll back, 2 Cancel.
func handleRollbackDialog(steps: [StepID], entries: [Journal.Entry], deletes: Bool, understood: Bool, focus: Int, _ key: Key,
                          in state: inout WizardState) -> [WizardEffect] {
    let first = deletes ? 0 : 1
    func refocus(_ focus: Int, understood: Bool = understood) {
        state.modal = .rollback(steps: steps, entries: entries, deletesData: deletes, understood: understood, focus: focus)
    }
    switch key {
    case .tab, .right, .down:
        refocus(focus == 2 ? first : focus + 1)
        revealFocus(&state)
    case .backTab, .left, .up:
        refocus(focus == first ? 2 : focus - 1)
        revealFocus(&state)
    case .character(" ") where focus == 0, .enter where focus == 0:
        // A box scrolled out of view (PgUp, a resize) is shown first, never ticked unseen.
        guard focusOnScreen(state) else {
            revealFocus(&state)
            state.notice = .keyUnavailable(key, .focusNotShown)
            return []
        }
        // Space toggles the box; Enter only ticks it, never takes the admin's tick away unseen.
        refocus(focus, understood: key == .enter ? true : !understood)
    case .escape, .character("n"), .character("q"), .control("c"):
        state.modal = nil
    case .enter:
        if focus == 2 {
            state.modal = nil
        } else if !state.planShownInFull {
            state.notice = .keyUnavailable(key, .planNotShownInFull)
        } else if !state.answersCanApprove {
            state.notice = .keyUnavailable(key, .answersNotFromATerminal)
        } else if !deletes || understood {
            state.modal = nil
            let alone = state.leftAlone(entries)
            return startBusy(.rollingBack(steps), effect: .rollback(steps, deleteAttributeData: deletes, leavingAlone: alone), in: &state)
        } else {
            // The deletion box unticked: say so, and put the box in focus and in view (the notice
            // takes rows of the dialog), so the Space the notice names ticks it.
            state.notice = .keyUnavailable(key, .notTicked)
            refocus(0)
            revealFocus(&state)
        }
    default: break
    }
    return []
}

/// Whether the open dialog's focused element in its body (a checkbox, an app to choose), if
/// it has one, is wholly in the dialog's window as last drawn.
func focusOnScreen(_ state: WizardState) -> Bool {
    guard let rows = focusedRows(state), let layout = dialogLayout(state) else { return true }
    let top = min(max(0, state.dialogScroll), layout.scrollLimit)
    return rows.lowerBound >= top && rows.upperBound < top + layout.window
}

/// Scrolls the open dialog, as little as it takes, so its focused element is in its window.
func revealFocus(_ state: inout WizardState) {
    guard let rows = focusedRows(state), let layout = dialogLayout(state) else { return }
    let top = min(max(0, state.dialogScroll), layout.scrollLimit)
    var scroll = top
    if rows.upperBound >= top + layout.window { scroll = rows.upperBound - layout.window + 1 }
    if rows.lowerBound < scroll { scroll = rows.lowerBound }
    state.dialogScroll = min(layout.scrollLimit, max(0, scroll))
}
