import Foundation
import OktaClient
import SetupEngine
import TerminalUI
import Testing
@testable import Wizard

/// A write dialog never drops what it would send: it scrolls, Send is offered only once its
/// last row has been on screen, and q, Esc and Ctrl-C cancel it. A pane of any length scrolls.
@Suite struct DialogSafetyTests {
    /// Phase 1's plan (two schema writes with their bodies) at 80x24: taller than the dialog.
    static func applyDialogAt80x24() async throws -> WizardState {
        var state = try await UpdateTests.connected("fresh")
        _ = UpdateTests.press([.resize(Size(width: 80, height: 24)), .character("1")], &state)
        state.observing = false
        _ = UpdateTests.press([.character("A")], &state)
        return state
    }

    @Test func sendIsNotOfferedUntilTheWholePlanWasOnScreen() async throws {
        var state = try await Self.applyDialogAt80x24()
        guard case .apply(_, let plan, let focus) = state.modal else { Issue.record("no apply dialog"); return }
        #expect(plan.writes.count == 2)
        let layout = try #require(dialogLayout(state))
        #expect(layout.lines.count > layout.rows, "the plan is taller than the dialog at 80x24")
        #expect(focus == 1, "a plan that does not fit opens on Cancel")
        #expect(!state.planShownInFull)

        // Send focused, but not read to the end: Enter sends nothing and says why.
        _ = UpdateTests.press([.tab], &state)
        #expect(UpdateTests.press([.enter], &state).isEmpty)
        #expect(state.notice == .keyUnavailable(.enter, .planNotShownInFull))
        #expect(state.modal != nil)

        // Every row of it drawn: the last line of the note is on screen after PgDn.
        _ = UpdateTests.press([.pageDown, .pageDown], &state)
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        let lastRow = try #require(layout.lines.last?.text.trimmingCharacters(in: .whitespaces))
        #expect(buffer.lines.contains { $0.contains(lastRow) }, "the plan's last row is on screen: \(lastRow)")
        #expect(state.planShownInFull)
        let effects = UpdateTests.press([.enter], &state)
        guard case .apply(let approved) = effects.first else { Issue.record("Send sent nothing: \(effects)"); return }
        #expect(approved.plan == plan && approved.route == .dialog)
    }

    /// Rows seen at one size are not the rows of another: a resize shows the plan afresh.
    @Test func aResizeAfterReadingDoesNotCountRowsOfAnotherLayout() async throws {
        var state = try await Self.applyDialogAt80x24()
        _ = UpdateTests.press([.pageDown, .pageDown], &state)
        #expect(state.planShownInFull)
        _ = UpdateTests.press([.resize(Size(width: 84, height: 24))], &state)
        #expect(!state.planShownInFull, "the wider layout's last rows were never on screen")
        _ = UpdateTests.press([.tab], &state)
        #expect(UpdateTests.press([.enter], &state).isEmpty)
        #expect(state.notice == .keyUnavailable(.enter, .planNotShownInFull))
    }

    @Test func everyWriteDialogOpensOnCancelSoAnEnterTypedAheadSendsNothing() async throws {
        var state = try await UpdateTests.connected("fresh")
        _ = UpdateTests.press([.character("1")], &state)
        state.observing = false
        #expect(UpdateTests.press([.character("a"), .enter], &state).isEmpty)
        #expect(state.modal == nil && state.busy == nil, "the second Enter pressed Cancel")
    }

    @Test func answersFromAFileSendNothing() async throws {
        var state = try await UpdateTests.connected("fresh")
        state.answersCanApprove = false
        _ = UpdateTests.press([.character("1")], &state)
        state.observing = false
        _ = UpdateTests.press([.character("a"), .tab], &state)
        #expect(state.planShownInFull)
        #expect(UpdateTests.press([.enter], &state).isEmpty)
        #expect(state.notice == .keyUnavailable(.enter, .answersNotFromATerminal) && state.busy == nil)
    }

    @Test(arguments: [Key.character("q"), .escape, .control("c"), .character("n")])
    func aWriteDialogIsCancelledBy(_ key: Key) async throws {
        var state = try await Self.applyDialogAt80x24()
        #expect(UpdateTests.press([key], &state).isEmpty)
        #expect(state.modal == nil && state.busy == nil && !state.shouldQuit)
    }

    @Test func yIsNoKeyOfTheApplyDialog() async throws {
        var state = try await UpdateTests.connected("fresh")
        _ = UpdateTests.press([.character("1")], &state)
        state.observing = false
        _ = UpdateTests.press([.character("a")], &state)
        #expect(state.planShownInFull, "one write fits on a 100x30 screen")
        #expect(UpdateTests.press([.character("y")], &state).isEmpty)
        #expect(state.modal != nil && state.busy == nil)
    }

    @Test func aPaneOfAnyLengthScrollsToItsEnd() async throws {
        var state = try await UpdateTests.connected("fresh")
        let rows = 1_300
        let rect = Rect(x: 0, y: 0, width: 60, height: 20)
        var buffer = Buffer(size: Size(width: 60, height: 20))
        let draw: (Rect, inout Buffer) -> Int = { area, scratch in
            for row in 0..<min(rows, area.height) { scratch.put("row \(row)", x: 0, y: row) }
            return min(rows, area.height)
        }
        let limit = drawScrolled(state, in: rect, into: &buffer, draw)
        #expect(limit == rows - (rect.height - 1), "it scrolls as far as the content goes")
        state.scroll = limit
        buffer = Buffer(size: Size(width: 60, height: 20))
        _ = drawScrolled(state, in: rect, into: &buffer, draw)
        #expect(buffer.lines.contains { $0.hasPrefix("row \(rows - 1) ") || $0 == "row \(rows - 1)" }, "\(buffer.lines.suffix(3))")
    }
}
