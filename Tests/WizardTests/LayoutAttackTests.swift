import Foundation
import OktaClient
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Re-attack of issue 23, N6 and N9, at 80x24: a status line never loses its tail unsaid, a
/// write the only-source gate holds back says so in its pane, and dialogs scroll, keep their
/// place and never leave the screen underneath at their edges.
@Suite struct LayoutAttackTests {
    static func frame(_ state: WizardState) -> Buffer {
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        return buffer
    }

    /// The withdrawn word that names a write still in the org: five rows at 80 columns (N6).
    static func withdrawnAt80x24(_ language: Language) async throws -> WizardState {
        var state = try await UpdateTests.connected("partial")
        state.language = language
        _ = UpdateTests.press([.resize(Size(width: 80, height: 24))], &state)
        state.notice = .withdrawn(.otherSourceUnseen, writtenUnder: [.sourcePriority, .pushStatus])
        return state
    }

    @Test(arguments: [Language.en, .ja])
    func aStatusLineWrapsOntoTheRowsItNeeds(_ language: Language) async throws {
        let state = try await Self.withdrawnAt80x24(language)
        let notice = try #require(state.notice)
        let wrapped = state.words(notice).wrapped(toWidth: 78)
        #expect(wrapped.count > 3, "longer than the three rows the status line had")
        let lines = Self.frame(state).lines.map { $0.trimmingCharacters(in: .whitespaces) }
        for line in wrapped { #expect(lines.contains(line.trimmingCharacters(in: .whitespaces)), "lost: \(line)") }
    }

    @Test(arguments: [Language.en, .ja])
    func aStatusLineTooLongForItsRowsSaysSoAndTheHelpShowsItWhole(_ language: Language) async throws {
        var state = try await Self.withdrawnAt80x24(language)
        let text = state.words(try #require(state.notice))
        let cut = statusLines(text, width: 40, room: 3, state.strings)
        #expect(cut.count == 3 && cut.allSatisfy { $0.displayWidth <= 40 })
        #expect(cut.last?.hasSuffix(state.strings.statusContinues) == true, "\(cut)")
        #expect(statusLines(text, width: 200, room: 3, state.strings) == text.wrapped(toWidth: 200), "one that fits has no marker")

        _ = UpdateTests.press([.character("?")], &state)
        let help = try #require(state.modal.map { dialog(for: $0, state, over: dialogArea(Rect(size: state.size))) })
        #expect(help.body.map(\.text).contains(text), "the help holds the last message whole")
    }

    /// A PUSH written while the admin's word held the gate open, the word since withdrawn.
    @Test(arguments: [Language.en, .ja])
    func aStepWrittenPastAGateShutNowSaysSoInItsPane(_ language: Language) async throws {
        var state = try await UpdateTests.connected("partial")
        state.language = language
        _ = UpdateTests.press([.resize(Size(width: 100, height: 40))], &state)
        state.reports = state.reports.map { report in
            switch report.id {
            case .profileSource: StepReport(id: .profileSource, status: .conflict, why: .onlyProfileSource(app: "Dialpad"))
            case .pushStatus: StepReport(id: .pushStatus, status: .ok, why: .pushOnCreateAndUpdate)
            default: report
            }
        }
        let push = SnapshotTests.entry(.pushStatus, "POST", "/api/v1/mappings/prm1", before: .object(["pushStatus": .string("DONT_PUSH")]),
                                       after: .object(["pushStatus": .string("PUSH")]), .done, at: "2026-12-07T15:20:00Z")
        state.journal = SnapshotTests.journal([push])
        state.timeZone = TimeZone(identifier: "UTC")!
        #expect(state.writtenPastTheGate(.pushStatus) == "2026-12-07T15:20:00Z")
        #expect(state.writtenPastTheGate(.mapping) == nil, "never written by this tool")

        _ = UpdateTests.press([.character("3"), .down], &state)
        #expect(state.selectedStep(in: .sourcing) == .pushStatus)
        let sentence = state.strings.writtenPastTheGate(at: state.strings.time("2026-12-07T15:20:00Z", timeZone: state.timeZone), app: "Dialpad")
        let pane = Self.frame(state).lines.joined(separator: "\n")
        let firstWords = String(sentence.wrapped(toWidth: 20)[0]).trimmingCharacters(in: .whitespaces)
        #expect(pane.contains(firstWords), "\(pane)")

        // Rolled back, or the gate open again: nothing to say.
        var rolledBack = push
        rolledBack.outcome = .rolledBack
        state.journal = SnapshotTests.journal([push, rolledBack])
        #expect(state.writtenPastTheGate(.pushStatus) == nil)
    }

    @Test func aNoticeGivenInTheApplyDialogGoesWithIt() async throws {
        var state = try await DialogSafetyTests.applyDialogAt80x24()
        _ = UpdateTests.press([.tab, .enter], &state)
        #expect(state.notice == .keyUnavailable(.enter, .planNotShownInFull) && state.dialogNotice == state.notice)
        _ = UpdateTests.press([.escape], &state)
        #expect(state.modal == nil)
        #expect(state.notice == nil, "PgDn scrolls the phase's pane, not a plan: the dialog's notice is not left under it")
    }

    @Test func downAndUpScrollTheApplyDialogARowAtATime() async throws {
        var state = try await DialogSafetyTests.applyDialogAt80x24()
        #expect(try #require(dialogLayout(state)).scrollLimit > 1)
        _ = UpdateTests.press([.down, .down], &state)
        #expect(state.dialogScroll == 2)
        _ = UpdateTests.press([.up], &state)
        #expect(state.dialogScroll == 1)
        _ = UpdateTests.press([.up, .up], &state)
        #expect(state.dialogScroll == 0, "never above the top")
        guard case .apply(_, _, let focus) = state.modal else { Issue.record("the dialog closed"); return }
        #expect(focus == 1, "Down and Up move no focus")
    }

    @Test func aResizeAndBackKeepsTheDialogWhereItWasAndWhatWasReadThere() async throws {
        var state = try await DialogSafetyTests.applyDialogAt80x24()
        let limit = try #require(dialogLayout(state)).scrollLimit
        _ = UpdateTests.press([.pageDown, .pageDown, .pageDown], &state)
        #expect(state.dialogScroll == limit && state.planShownInFull)
        _ = UpdateTests.press([.resize(Size(width: 120, height: 40)), .resize(Size(width: 80, height: 24))], &state)
        #expect(state.dialogScroll == limit, "still at the end")
        #expect(state.planShownInFull, "the same rows, read at this same layout")
        let frame = Self.frame(state).lines.joined(separator: "\n")
        #expect(frame.contains(state.strings.moreMarker(above: limit, below: 0)), "\(frame)")
    }

    /// The guide's box below the fold (N9): Space ticks it and brings it into view.
    @Test(arguments: [Language.en, .ja])
    func spaceOnTheGuidesBoxBelowTheFoldScrollsItIntoView(_ language: Language) async throws {
        var state = try await UpdateTests.connected("partial")
        state.language = language
        state.demoConsole = true
        _ = UpdateTests.press([.resize(Size(width: 80, height: 24)), .character("3"), .enter], &state)
        #expect(state.screen == .manual(.profileSource) && state.canTick(.profileSource))
        #expect(!Self.frame(state).lines.contains { $0.contains("[ ] ") }, "the box starts below the fold:\n\(Self.frame(state).lines.joined(separator: "\n"))")
        _ = UpdateTests.press([.character(" ")], &state)
        #expect(state.manualConfirmation)
        #expect(Self.frame(state).lines.contains { $0.contains("[x] ") }, "the ticked box is on screen")
    }

    /// No fragment of the screen underneath beside a dialog's border (N9, item 14).
    @Test(arguments: [Language.en, .ja])
    func aDialogsRowsHoldNothingOfTheScreenUnderneath(_ language: Language) async throws {
        var state = try await UpdateTests.connected("partial")
        state.language = language
        _ = UpdateTests.press([.resize(Size(width: 80, height: 24))], &state)
        for keys: [Key] in [[.character("?")], [.escape, .character("3"), .character("?")], [.escape, .character("b")]] {
            _ = UpdateTests.press(keys, &state)
            guard let modal = state.modal else { continue }
            let area = dialogArea(Rect(size: state.size))
            let box = dialog(for: modal, state, over: area).frame(over: area)
            let buffer = Self.frame(state)
            for y in box.y..<box.maxY {
                let outside = (0..<box.x).map { buffer[$0, y].grapheme } + (box.maxX..<state.size.width).map { buffer[$0, y].grapheme }
                #expect(outside.allSatisfy { $0 == " " || $0.isEmpty }, "row \(y): \(buffer.lines[y])")
            }
        }
    }
}
