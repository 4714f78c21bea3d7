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

    // MARK: Attack on issue 23, item 14

    @Test func theJapaneseExistingUsersReasonWordsItsDateAsTheRestDo() {
        let iso = "2026-01-15T10:00:00.000Z"
        let strings = Strings.for(.ja)
        for evidence in [LastSyncEvidence.noneSinceProfileChanged(latest: iso), .inconclusive(latest: iso)] {
            let reason = strings.reason(.awaitingImport(scope: StepReason.SampleScope(checked: 3, truncated: false), app: "Dialpad",
                                                        evidence: evidence, newUsersOnlyConfirmed: false))
            #expect(reason.contains(strings.time(iso, timeZone: .current)), "\(reason)")
            #expect(!reason.contains("2026-01-15"), "no ISO date: \(reason)")
        }
    }

    @Test func aJapaneseJournalLineUsesTheFullWidthColon() {
        let entry = SnapshotTests.entry(.mapping, "POST", "/api/v1/mappings/prm1", before: .null, after: nil, .done, at: "2026-11-23T09:14:05Z")
        let strings = Strings.for(.ja)
        let head = strings.journalLines(entry, timeZone: TimeZone(identifier: "UTC")!).head
        #expect(head.contains(strings.stepTitle(.mapping) + "："), "\(head)")
        #expect(!head.contains(": "), "\(head)")
    }

    /// The request's value in its own column, or under its label: never from the pane's edge
    /// when an indent holds it.
    @Test func aRequestsValueHangsInItsColumn() {
        var buffer = Buffer(size: Size(width: 42, height: 4))
        let rows = drawLabelled("Request", "POST /api/v1/meta/schemas/user/default", in: Rect(x: 0, y: 0, width: 42, height: 4), style: .plain, into: &buffer)
        #expect(rows == 2)
        #expect(buffer.lines[0] == "Request  POST")
        #expect(buffer.lines[1] == "         /api/v1/meta/schemas/user/default")

        buffer = Buffer(size: Size(width: 42, height: 4))
        let path = "POST /api/v1/meta/schemas/apps/0oaOjMqNow"
        _ = drawLabelled("リクエスト", path, in: Rect(x: 0, y: 0, width: 42, height: 4), style: .plain, into: &buffer)
        #expect(buffer.lines[0] == "リクエスト")
        #expect(buffer.lines[1] == "  POST" && buffer.lines[2] == "  /api/v1/meta/schemas/apps/0oaOjMqNow", "\(buffer.lines)")
    }

    /// A string's space is a place to break only when no break between values is on the line
    /// (at 120x40 the apply dialog showed `"Dialpad` / `Phone"`).
    @Test func compactJSONIsNotBrokenInsideAStringWhenItNeedNotBe() {
        let json = #"{"definitions":{"description":"Dialpad Phone","permissions":[{"action":"READ_ONLY"}]}}"#
        for width in 36...60 {
            let lines = wrappedJSON(json, width: width)
            #expect(lines.joined() == json)
            #expect(lines.allSatisfy { $0.displayWidth <= width })
            #expect(!lines.contains { $0.hasSuffix(#""Dialpad "#) }, "width \(width): \(lines)")
        }
        // With no other place on the line, a long string still breaks at its space, not mid-word.
        #expect(wrappedJSON(#"{"a":"Dialpad Phone Number"}"#, width: 16) == [#"{"a":"#, #""Dialpad Phone "#, #"Number"}"#])
    }

    /// The guide's "Detected in the org" line wraps in its column (it was cut at the 79th column).
    @Test(arguments: [Language.en, .ja])
    func theGuidesDetectedLineWrapsInItsColumn(_ language: Language) async throws {
        var state = try await UpdateTests.connected("partial")
        state.language = language
        _ = UpdateTests.press([.resize(Size(width: 80, height: 60)), .character("3"), .enter], &state)
        #expect(state.screen == .manual(.profileSource))
        let report = try #require(state.report(.profileSource))
        let s = state.strings
        let line = s.statusMark(report.status) + " " + s.status(report.status) + "  " + s.waitingFor(tick: state.canTick(.profileSource))
        let column = 1 + s.detected.displayWidth + 2
        let frame = Self.frame(state).lines
        let pieces = line.wrapped(toWidth: 79 - column)
        #expect(pieces.count > 1, "longer than one row at 80 columns")
        for piece in pieces { #expect(frame.contains { $0.hasSuffix(piece) }, "lost: \(piece)\n\(frame.joined(separator: "\n"))") }
    }

    /// With no app at 80x24, the overview's Next is on screen without PgDn.
    @Test(arguments: [Language.en, .ja])
    func theNoAppOverviewFitsItsNext(_ language: Language) async throws {
        var state = try await UpdateTests.connected("no-app")
        state.language = language
        _ = UpdateTests.press([.resize(Size(width: 80, height: 24))], &state)
        #expect(state.screen == .overview)
        var buffer = Buffer(size: state.size)
        let frame = render(state, into: &buffer)
        #expect(frame.scrollLimit == 0, "\(buffer.lines.joined(separator: "\n"))")
        let next = state.strings.whatNext(state).wrapped(toWidth: 78)
        for line in next { #expect(buffer.lines.contains { $0.hasSuffix(line) }, "lost: \(line)") }
    }

    @Test func theJapaneseOtherSourcesRowUsesJapanesePunctuation() {
        let others = [ProfileSource(kind: .app, id: "0oa1", label: "Workday"), ProfileSource(kind: .app, id: "0oa2", label: "BambooHR")]
        let ja = Strings.for(.ja).fact(.otherProfileSources(others)).value
        #expect(ja == "2：Workday、BambooHR", "\(ja)")
        #expect(Strings.for(.en).fact(.otherProfileSources(others)).value == "2: Workday, BambooHR")
    }
}
