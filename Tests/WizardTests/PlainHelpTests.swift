import SetupEngine
import TerminalUI
import Testing
@testable import Wizard

/// The attack on issue 23, item 15: plain mode's help padded its key column (a transcript
/// loses the alignment) and spoke of pressing PgUp/PgDn, Esc and F keys as a terminal would.
@Suite struct PlainHelpTests {
    @Test(arguments: [Language.en, .ja])
    func plainHelpSaysEachKeyWithItsLabelAndHowToTypeKeys(language: Language) async throws {
        var state = try await UpdateTests.connected("fresh")
        state.language = language
        state.transcript = true
        state.modal = .help
        let s = Strings.for(language)
        let area = dialogArea(Rect(x: 0, y: 0, width: state.size.width, height: state.size.height))
        let body = dialog(for: .help, state, over: area).body.map(\.text)
        #expect(!body.contains { $0.hasPrefix(" ") }, "no padded key column: \(body)")
        #expect(s.plainHelpLines.allSatisfy(body.contains))
        #expect(!s.helpLines.prefix(2).contains(where: body.contains), "the terminal's keys are not the transcript's")
        // The terminal keeps its aligned table and its own help.
        state.transcript = false
        let terminal = dialog(for: .help, state, over: area).body.map(\.text)
        #expect(s.helpLines.allSatisfy(terminal.contains))
    }
}
