import Foundation
import OktaClient
import TerminalUI

extension TranscriptPage {
    /// The app chooser as a screen reader needs it: the apps as numbered choices, each app's
    /// details under it with a hanging indent, worded whole and wrapped once, by the printer,
    /// to the terminal's width (the screen's dialog wraps them to its own width, and a second
    /// wrap left orphan fragments). Its one button, Cancel, is Esc in the key line.
    static func appChoicePage(_ apps: [OktaApp], _ state: WizardState) -> TranscriptPage {
        let s = state.strings
        var blocks = [TranscriptBlock(id: "heading", paragraphs: [s.chooseAppTitle(notFound: state.appIdNotFound)])]
        if let missing = state.appIdNotFound {
            blocks.append(TranscriptBlock(id: "notFound", paragraphs: [s.appIdNotFound(missing, offered: apps.count)]))
        }
        blocks.append(TranscriptBlock(id: "intro", paragraphs: [s.chooseAppIntroPlain(count: apps.count)]))
        for (index, app) in apps.enumerated() {
            let number = "\(index + 1). "
            let pad = String(repeating: " ", count: number.count)
            let details = s.appDetails(app, timeZone: state.timeZone).map { pad + $0 }
            blocks.append(TranscriptBlock(id: "app.\(index)", paragraphs: [number + s.appChoice(app, timeZone: state.timeZone)] + details,
                                          hangingIndent: number.count))
        }
        if let notice = state.notice { blocks.append(TranscriptBlock(id: "notice", paragraphs: [spoken(state.words(notice))])) }
        return TranscriptPage(id: "dialog.chooseApp", frame: [], blocks: blocks)
    }

    /// The overview's and summary's line naming the app, once the admin named or chose it.
    static func appBeingSetUp(_ state: WizardState) -> [TranscriptBlock] {
        guard let line = appBeingSetUpLine(state) else { return [] }
        return [TranscriptBlock(id: "app", paragraphs: [line])]
    }
}

/// Which app is being set up, when the admin named it (`--app-id`) or chose it among several;
/// nil when the org's one Dialpad app was found by itself, or none was.
func appBeingSetUpLine(_ state: WizardState) -> String? {
    guard state.appNamed, let app = state.observation?.app else { return nil }
    return state.strings.appBeingSetUp(app)
}

/// The line naming the app on the overview and the summary: on a line of its own, wrapped
/// between words, so the id is cut only when it alone is wider than the line (a buffer has
/// no soft wrap: a whole word wider than the rectangle lost its end). Returns the rows used.
func drawAppBeingSetUp(_ state: WizardState, in rect: Rect, into buffer: inout Buffer) -> Int {
    guard let line = appBeingSetUpLine(state) else { return 0 }
    var row = 0
    for part in line.wrapped(toWidth: rect.width) where row < rect.height {
        buffer.put(part, x: rect.x, y: rect.y + row, style: state.theme.text, clip: rect)
        row += 1
    }
    return row
}
