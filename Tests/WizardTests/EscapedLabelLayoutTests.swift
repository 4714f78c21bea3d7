import Foundation
import OktaClient
import Testing
import TerminalUI
@testable import Wizard

/// Attack 5, F6: an app label from a hostile org (`Dialpad ESC[2J ESC]0;pwned BEL RLO evil PDF`
/// and "Long label" twelve times) lost characters where it was wrapped: measured raw, printed
/// escaped, so a row that fitted overflowed the dialog's frame ("ong ") and plain mode printed
/// 115-column lines at 80.
@Suite struct EscapedLabelLayoutTests {
    static let label = "Dialpad \u{1B}[2J\u{1B}]0;pwned\u{07}\u{202E}evil\u{202C} " + String(repeating: "Long label ", count: 12)
    static let apps = [
        TruthfulWordsTests.apps[0],
        OktaApp(id: "0oaxxzkHxKsukQPDO4Q9", name: "dialpad", label: label, status: "ACTIVE", signOnMode: "SAML_2_0",
                features: ["IMPORT_NEW_USERS", "PUSH_NEW_USERS"], lastUpdated: "2026-03-02T08:30:00.000Z", created: "2026-03-02T08:30:00.000Z"),
    ]

    /// Every character of the escaped label is on the chooser, in order, inside the frame.
    @Test(arguments: [Size(width: 80, height: 40), Size(width: 120, height: 40), Size(width: 100, height: 30)])
    func theChooserShowsTheWholeEscapedLabel(size: Size) {
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: size)
        state.timeZone = TimeZone(identifier: "UTC")!
        state.modal = .chooseApp(Self.apps, focus: 0)
        let lines = WrongMessagesTests.screenLines(state)
        guard let first = lines.firstIndex(where: { $0.contains("( ) Dialpad") }),
              let last = lines.firstIndex(where: { $0.contains(Self.apps[1].id) }) else {
            Issue.record("no second app on the chooser: \(lines.joined(separator: "\n"))")
            return
        }
        // The dialog's text between its borders, from the app's row to its id.
        let shown = lines[first...last].map { line in
            line.split(separator: "│", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
        }.joined().filter { $0 != " " }
        let expected = ("( )" + TerminalText.visible(Self.label) + Self.apps[1].id).filter { $0 != " " }
        #expect(shown == expected, "\(lines[first...last].joined(separator: "\n"))")
    }

    /// Plain mode at 80 columns: no line of the chooser wider than 80 once printed, nothing lost.
    @Test func thePlainChooserFitsItsWidth() {
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        state.timeZone = TimeZone(identifier: "UTC")!
        var printer = TranscriptPrinter(width: 80)
        let lines = printer.lines(for: TranscriptPage.appChoicePage(Self.apps, state)).map { TerminalText.visible($0) }
        #expect(lines.allSatisfy { $0.displayWidth <= 80 }, "\(lines.joined(separator: "\n"))")
        #expect(lines.joined().filter { $0 != " " }.contains(TerminalText.visible(Self.label).filter { $0 != " " }))
    }
}
