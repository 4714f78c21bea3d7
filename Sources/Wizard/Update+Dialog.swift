import TerminalUI

// How an open dialog scrolls, and what a resize and closing it keep (re-attack of issue 23, N9).

/// A new terminal size. The dialog keeps its scroll (drawn clamped to the new layout), so
/// 80x24, 120x40 and back to 80x24 shows the rows it showed. What was read counts only in the
/// layout it was read in: at another size the rows are others (a hostile review), and a
/// layout shown before gets back what was read of it.
func resize(to size: Size, in state: inout WizardState) {
    guard size != state.size else { return }
    if let layout = dialogLayout(state), let reading = state.dialogReading {
        let rows = layout.lines.map(\.text)
        state.dialogSeenAtLayout[rows] = max(state.dialogSeenAtLayout[rows] ?? -1, reading.lastRowShown)
    }
    state.size = size
    state.dialogSeen = dialogLayout(state).flatMap { state.dialogSeenAtLayout[$0.lines.map(\.text)] } ?? -1
}

/// PgDn and PgUp scroll any dialog a window at a time; Down and Up a row at a time, in the
/// dialogs where they move no focus (a plan, the help, an error, a verification). Returns
/// whether the key scrolled.
func scrollDialog(_ modal: Modal, _ key: Key, in state: inout WizardState) -> Bool {
    guard let layout = dialogLayout(state) else { return false }
    let rowKeys: Bool
    switch modal {
    case .apply, .help, .error, .verification: rowKeys = true
    case .rollback, .chooseApp, .quit: rowKeys = false
    }
    let step: Int
    switch key {
    case .pageDown: step = max(1, layout.window - 1)
    case .pageUp: step = -max(1, layout.window - 1)
    case .down where rowKeys: step = 1
    case .up where rowKeys: step = -1
    default: return false
    }
    let top = min(max(0, state.dialogScroll), layout.scrollLimit)
    state.dialogScroll = min(layout.scrollLimit, max(0, top + step))
    return true
}

/// A notice a dialog's key gave (Send before the plan was read, the box not ticked) speaks of
/// that dialog's keys: it goes when the dialog closes, never left on the screen under it.
func dropDialogNotice(_ shownInDialog: Notice?, in state: inout WizardState) {
    if state.modal == nil, shownInDialog != nil, state.notice == shownInDialog { state.notice = nil }
}
