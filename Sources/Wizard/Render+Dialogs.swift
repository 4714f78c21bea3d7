import Foundation
import OktaClient
import SetupEngine
import TerminalUI

// MARK: Dialogs

extension WizardState {
    /// Every row of the open dialog has been on screen, now or before (PgDn).
    var planShownInFull: Bool { dialogReading.map(\.sawEverything) ?? false }

    /// How far the open dialog has been read: the rows on screen count only when they follow on
    /// from those seen before, so a jump (to a focused box below) skips no row unread.
    var dialogReading: DialogReading? { dialogLayout(self).map(dialogReading) }

    /// The same, from the open dialog's layout at hand (a frame lays it out once).
    func dialogReading(_ layout: ModalDialog.Layout) -> DialogReading {
        let top = min(max(0, dialogScroll), layout.scrollLimit)
        let seen = top <= dialogSeen + 1 ? max(dialogSeen, layout.lastRowShown(scroll: dialogScroll)) : dialogSeen
        return DialogReading(rows: layout.lines.count, lastRowShown: seen)
    }
}

/// The label of the open dialog's focused button, if it has one Enter would press.
func focusedButton(_ state: WizardState) -> String? {
    guard let modal = state.modal else { return nil }
    let area = dialogArea(Rect(x: 0, y: 0, width: state.size.width, height: state.size.height))
    let shown = dialog(for: modal, state, over: area)
    guard shown.buttons.indices.contains(shown.focusedButton) else { return nil }
    if case .apply = modal, shown.focusedButton == 0, !state.planShownInFull { return nil }
    return shown.buttons[shown.focusedButton]
}

/// Where a dialog goes over a screen of this size.
func dialogArea(_ screen: Rect) -> Rect { screen.inset(horizontal: 2, vertical: 1) }

/// The open dialog as laid out at the terminal's size: `update` scrolls it and knows from it
/// how much of a plan has been on screen, with the same layout the frame draws.
func dialogLayout(_ state: WizardState) -> ModalDialog.Layout? {
    guard let modal = state.modal else { return nil }
    let area = dialogArea(Rect(x: 0, y: 0, width: state.size.width, height: state.size.height))
    return dialog(for: modal, state, over: area).layout(over: area)
}

/// The rows of the open dialog's laid-out body that hold its focused element (drawn reversed:
/// the rollback dialog's deletion box, the app to choose), if the focus is in the body.
func focusedRows(_ state: WizardState) -> ClosedRange<Int>? {
    guard let modal = state.modal else { return nil }
    let area = dialogArea(Rect(x: 0, y: 0, width: state.size.width, height: state.size.height))
    let lines = dialog(for: modal, state, over: area).layout(over: area).lines
    guard let first = lines.firstIndex(where: { $0.style == .reverse }),
          let last = lines.lastIndex(where: { $0.style == .reverse }) else { return nil }
    return first...last
}

func drawModal(_ modal: Modal, _ state: WizardState, over area: Rect, into buffer: inout Buffer) {
    var shown = dialog(for: modal, state, over: area)
    shown.scroll = state.dialogScroll
    let strings = state.strings
    shown.moreMarker = { strings.moreMarker(above: $0, below: $1) }
    switch modal {
    case .apply, .rollback: if !state.dialogReading(shown.layout(over: area)).sawEverything { shown.disabledButtons = [0] }
    default: break
    }
    shown.draw(in: area, WidgetContext(theme: state.theme), into: &buffer)
}

func dialog(for modal: Modal, _ state: WizardState, over area: Rect) -> ModalDialog {
    let s = state.strings, theme = state.theme
    var dialog: ModalDialog
    switch modal {
    case .help:
        // Every key of the screen at hand, the ones the footer had no room for included.
        var underlying = state
        underlying.modal = nil
        let hints = footerHints(underlying)
        let keyWidth = hints.map(\.keys.displayWidth).max() ?? 0
        // A transcript loses a column's alignment: each key is said with its label instead.
        let keys = hints.map { hint in
            (state.transcript ? s.labelled(hint.keys, hint.label)
                              : String(repeating: " ", count: keyWidth - hint.keys.displayWidth) + hint.keys + "  " + hint.label, Style.plain)
        }
        // The status line whole, however many rows it took: one cut to the screen's rows says `?` shows it.
        let last: [(String, Style)] = statusLine(underlying).map { [(s.lastMessageLabel, theme.heading), ($0.text, $0.style), ("", .plain)] } ?? []
        dialog = ModalDialog(title: s.helpTitle, body: last + [(s.screenHelp(underlying.screen), theme.accent), ("", .plain)] + keys
                                + [("", .plain)] + (state.transcript ? s.plainHelpLines : s.helpLines).map { ($0, theme.muted) }
                                + [("", .plain)] + s.bundleHelpLines.map { ($0, theme.muted) }, buttons: [s.close])
    case .error(let message):
        // A run that stopped part way says, under its error, how far it got and what next.
        var outcome: [(String, Style)] = []
        if case .outcome(let tally) = state.notice { outcome = [("", .plain), (state.words(.outcome(tally)), theme.warning)] }
        dialog = ModalDialog(title: message.title, body: message.lines.map { ($0, theme.text) } + outcome, buttons: [s.close])
    case .chooseApp(let apps, let focus):
        var lines: [(String, Style)] = state.appIdNotFound.map { [(s.appIdNotFound($0, offered: apps.count), theme.warning)] } ?? []
        lines += [(s.chooseAppIntro, theme.text), ("", .plain)]
        // Wrapped here, so each continuation line stays under its app, not at the dialog's edge.
        let detailWidth = ModalDialog.textWidth(over: area) - 4
        for (index, app) in apps.enumerated() {
            let mark = index == focus ? "(•) " : "( ) "
            lines.append((mark + s.appChoice(app, timeZone: state.timeZone), index == focus ? .reverse : .plain))
            for line in s.appDetails(app, timeZone: state.timeZone).flatMap({ $0.wrapped(toWidth: detailWidth) }) {
                lines.append(("    " + line, theme.muted))
            }
        }
        dialog = ModalDialog(title: s.chooseAppTitle(notFound: state.appIdNotFound), body: lines, buttons: [s.cancel], focusedButton: -1)
    case .verification(let verification):
        let text = UserCheckText(language: state.language, app: state.observation?.app?.displayName ?? "Dialpad")
        let lead = (verification.complete ? "✓ " : "✗ ") + text.verified(verification)
        dialog = ModalDialog(title: s.verificationTitle,
                             body: [(lead, verification.complete ? theme.good : theme.warning), ("", .plain)] + text.counts(verification).map { ($0, theme.text) },
                             buttons: [s.close])
    case .quit(let focus):
        dialog = ModalDialog(title: s.quitTitle, body: [(s.quitBody, .plain)], buttons: [s.quitButton, s.stayButton], focusedButton: focus)
    case .apply(_, let plan, let focus):
        let writes = plan.writes
        // Pretty bodies when they fit the screen; otherwise compact ones, so every request shows.
        let prettyRows = writes.reduce(0) { $0 + 2 + prettyLines($1.body).count } + 6
        let pretty = prettyRows <= area.height - 4
        // Compact bodies are long lines, so the dialog is at its widest.
        let textWidth = ModalDialog.textWidth(over: area), bodyRows = ModalDialog.bodyRows(over: area)
        var lines: [(String, Style)] = []
        for write in writes {
            lines.append((s.labelled(s.stepTitle(write.step), write.method + " " + write.path), theme.accent))
            lines.append(("  " + s.rolesLine(write.rolesAccepted), theme.muted))
            let body = pretty ? prettyLines(write.body) : compactLines(write.body, width: textWidth - 2)
            for line in body { lines.append(("  " + line, .plain)) }
        }
        let note: [(String, Style)] = [("", .plain), (s.applyNote(plan.fingerprint), theme.muted)]
        let rows = (lines + note).reduce(0) { $0 + max(1, $1.0.wrapped(toWidth: textWidth).count) }
        // Short of room, the spacer goes rather than the end of the note.
        lines += rows > bodyRows ? [note[1]] : note
        dialog = ModalDialog(title: s.applyTitle, body: lines, buttons: [s.send, s.cancel], focusedButton: focus)
    case .rollback(let steps, let entries, let deletes, let understood, let focus):
        // Each restore, or why an entry sends nothing: left alone (changed since), or not in the org.
        let findings = state.rollbackFindings(entries)
        var lines: [(String, Style)] = zip(entries, findings).map { (s.rollbackLine($0, $1), $1 == .toUndo ? Style.plain : theme.muted) }
        // What Roll back takes away, before its button (issue 23 §1): only what it undoes.
        lines.append(("", .plain))
        let undoing = zip(entries, findings).filter { $1 == .toUndo }.map(\.0)
        for warning in RollbackWarning.of(chosen: steps, entries: undoing, consoleDone: RollbackWarning.consoleDone(in: state)) {
            let deletion: Bool
            if case .deletesAttribute = warning { deletion = true } else { deletion = false }
            lines.append((s.rollbackWarning(warning), deletion ? theme.bad : theme.warning))
        }
        if deletes {
            lines.append(((understood ? "[x] " : "[ ] ") + s.deleteCheckbox, focus == 0 ? .reverse : .bold))
        }
        dialog = ModalDialog(title: s.rollbackTitle, body: lines, buttons: [s.rollBackButton, s.cancel], focusedButton: focus == 0 ? -1 : focus - 1)
    }
    if let notice = state.dialogNotice {
        dialog.notice = [(state.words(notice), notice.isGood ? theme.good : theme.warning)]
    }
    return dialog
}

/// Compact JSON in lines of at most `width` columns, broken after a `,` or `:` between
/// values, or else at a space in a string, so a string ("Dialpad Phone") is broken only when
/// no break between values is on the line, and a key or value is cut only when it alone is
/// wider than a line.
func wrappedJSON(_ text: String, width: Int) -> [String] {
    let width = max(1, width)
    var lines: [String] = [], line = "", lineWidth = 0
    // Where the line may break last, between values and in a string; the text after it holds no other place to break.
    var lastBreak: String.Index?, lastSpace: String.Index?
    var inString = false, escaped = false
    for character in text {
        if lineWidth + character.displayWidth > width {
            // A space in a string after the cut stays a place to break in what is carried on.
            var spaceAfterCut: Int?
            if let cut = lastBreak ?? lastSpace {
                if let space = lastSpace, space > cut { spaceAfterCut = line.distance(from: cut, to: space) }
                lines.append(String(line[..<cut]))
                line = String(line[cut...])
            } else {
                lines.append(line)
                line = ""
            }
            lineWidth = line.displayWidth
            lastBreak = nil
            lastSpace = spaceAfterCut.map { line.index(line.startIndex, offsetBy: $0) }
        }
        line.append(character)
        lineWidth += character.displayWidth
        if escaped {
            escaped = false
        } else if inString && character == "\\" {
            escaped = true
        } else if character == "\"" {
            inString.toggle()
        } else if !inString && (character == " " || character == "," || character == ":") {
            lastBreak = line.endIndex
        } else if character == " " {
            lastSpace = line.endIndex
        }
    }
    return lines + (line.isEmpty ? [] : [line])
}

/// A JSON body as the admin will see it sent: pretty, keys sorted.
func prettyLines(_ value: JSONValue) -> [String] {
    prettyMemo.value(for: value) { prettyPrinted(value) }
}

/// A JSON body compact, in lines of at most `width` columns (`wrappedJSON`).
func compactLines(_ value: JSONValue, width: Int) -> [String] {
    compactMemo.value(for: CompactKey(body: value, width: width)) { wrappedJSON(value.displayText, width: width) }
}

/// The apply dialog lays out its bodies on every frame it is open: each is printed once.
private let prettyMemo = Memo<JSONValue, [String]>(capacity: 256)
private let compactMemo = Memo<CompactKey, [String]>(capacity: 256)

private struct CompactKey: Hashable, Sendable {
    var body: JSONValue
    var width: Int
}

private func prettyPrinted(_ value: JSONValue) -> [String] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return [value.displayText] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}
