import Foundation
import OktaClient
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Issue 15: every key does what the footer says, or says in one line why it does nothing;
/// nothing is cut, and nothing is sent that the admin did not see.
@Suite struct HonestKeysTests {
    static func fresh(width: Int = 80, height: Int = 24) -> WizardState {
        WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: width, height: height))
    }

    @Test("F-keys never type into the connect form", arguments: [0, 1])
    func functionKeysNeverReachATextField(focus: Int) {
        var state = Self.fresh()
        state.connectFocus = focus
        _ = UpdateTests.press([.function(5), .function(2), .function(12)], &state)
        #expect(state.orgField.value.isEmpty && state.tokenField.value.isEmpty)
        _ = UpdateTests.press([.function(1)], &state)
        #expect(state.modal == .help)
        #expect(state.orgField.value.isEmpty && state.tokenField.value.isEmpty)
        _ = UpdateTests.press([.escape], &state)
        #expect(UpdateTests.press([.function(10)], &state) == [.quit])
    }

    @Test func escapeOnTheFirstScreenSaysWhyInsteadOfQuitting() {
        var state = Self.fresh()
        let effects = UpdateTests.press([.escape], &state)
        #expect(effects.isEmpty && !state.shouldQuit)
        #expect(state.notice == .keyUnavailable(.escape, .nothingToGoBackTo))
    }

    /// `a` on the mapping while the attributes are missing: no dialog, no request, and which steps it waits for.
    @Test func applyOnAWaitingStepSendsNothingAndSaysWhichStepsItWaitsFor() async throws {
        var state = try await UpdateTests.connected("fresh")
        _ = UpdateTests.press([.character("2")], &state)
        #expect(state.selectedStep(in: .mappings) == .mapping)
        let effects = UpdateTests.press([.character("a")], &state)
        #expect(effects.filter { if case .apply = $0 { true } else { false } }.isEmpty)
        #expect(state.modal == nil)
        #expect(state.notice == .waitsFor(.mapping, [.oktaAttribute, .appAttribute]))
        #expect(state.plannedWrites(for: [.mapping]).isEmpty, "no request is planned for a step whose prerequisites are not planned with it")
    }

    /// The whole phase still applies in order: the attributes' writes, and nothing that rests on an unplanned write.
    @Test func aPlanForSomeStepsLeavesOutWritesThatRestOnStepsLeftOut() async throws {
        let observation = try await Observations.shared.of("fresh")
        #expect(WritePlan(observation, steps: [.mapping]).writes.isEmpty)
        #expect(WritePlan(observation, steps: [.oktaAttribute, .appAttribute, .mapping]).writes.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
        #expect(WritePlan(observation, steps: [.appAttribute, .mapping]).writes.map(\.step) == [.appAttribute])
    }

    @Test func writeKeysInAReadOnlyInspectionSayWhy() async throws {
        var state = try await UpdateTests.connected("fresh", mode: .inspect)
        _ = UpdateTests.press([.character("1")], &state)
        for key: Key in [.character("a"), .character("A"), .character("b")] {
            #expect(UpdateTests.press([key], &state).isEmpty)
            #expect(state.notice == .keyUnavailable(key, .readOnly))
            #expect(state.modal == nil)
        }
    }

    /// Phases and the summary open from every screen that has no text field.
    @Test func phaseNumbersAndSummaryWorkOnEveryScreen() async throws {
        var state = try await UpdateTests.connected("complete")
        for screen: Screen in [.overview, .consoleChoice(.existingUsers), .manual(.profileSource), .summary, .phase(.sourcing)] {
            state.screen = screen
            _ = UpdateTests.press([.character("2")], &state)
            #expect(state.screen == .phase(.mappings), "\(screen)")
            state.screen = screen
            _ = UpdateTests.press([.character("s")], &state)
            #expect(state.screen == .summary, "\(screen)")
        }
    }

    /// `s` is the summary everywhere; `n` moves to the next phase.
    @Test func nextPhaseIsNAndTheLastGoesToTheSummary() async throws {
        var state = try await UpdateTests.connected("fresh")
        _ = UpdateTests.press([.character("1"), .character("n")], &state)
        #expect(state.screen == .phase(.mappings))
        _ = UpdateTests.press([.character("n"), .character("n")], &state)
        #expect(state.screen == .summary)
        _ = UpdateTests.press([.escape], &state)
        #expect(state.screen == .phase(.sourcing), "Esc goes back to where the summary was opened")
    }

    /// The tick on a console step exists only once the org shows the step; before, Space and
    /// Enter say why, and the footer does not offer them.
    /// (fresh: beside other profile sources; with none, the tick offered is the only-source gate's, OnlySourceWizardTests.)
    @Test func aConsoleStepsTickWaitsForTheOrg() async throws {
        var state = try await UpdateTests.connected("fresh")
        _ = UpdateTests.press([.character("3"), .enter], &state)
        #expect(state.screen == .manual(.profileSource))
        #expect(!state.canTick(.profileSource))
        #expect(UpdateTests.press([.character(" ")], &state).isEmpty)
        #expect(state.notice == .keyUnavailable(.character(" "), .notDetectedYet(.profileSource)))
        _ = UpdateTests.press([.enter], &state)
        #expect(state.notice == .keyUnavailable(.enter, .notDetectedYet(.profileSource)))
        let keys = footerHints(state).map(\.keys)
        #expect(!keys.contains("Space") && !keys.contains("Enter"), "\(keys)")
    }

    /// New and changed users only: its guide, a tick, then recorded; nothing on one Enter.
    @Test func newUsersOnlyIsTickedThenRecordedNotTakenOnOneEnter() async throws {
        var state = try await UpdateTests.connected("complete")
        state.screen = .consoleChoice(.existingUsers)
        var effects = UpdateTests.press([.down, .enter], &state)
        #expect(effects.isEmpty)
        #expect(state.screen == .manual(.existingUsers) && state.option(for: .existingUsers)?.choice == .newUsersOnly)
        effects = UpdateTests.press([.enter], &state)
        #expect(effects.isEmpty && state.notice == .keyUnavailable(.enter, .notTicked))
        effects = UpdateTests.press([.character(" "), .enter], &state)
        #expect(effects == [.confirm(.newUsersOnly)])
    }

    @Test func pageDownScrollsALongPaneAndAnotherScreenStartsAtTheTop() async throws {
        var state = try await UpdateTests.connected("complete")
        state.size = Size(width: 80, height: 24)
        state.journal = SnapshotTests.journal(SnapshotTests.appliedAttributes + SnapshotTests.appliedAttributes + SnapshotTests.appliedAttributes,
                                              confirmations: [SetupEngine.Confirmation(step: .profileSource, choice: .doNothingLowestPriority, at: "2026-11-23T09:20:00Z")])
        state.screen = .summary
        var buffer = Buffer(size: state.size)
        let limit = render(state, into: &buffer).scrollLimit
        #expect(limit > 0, "the summary of six changes does not fit 80x24")
        #expect(buffer.lines.contains { $0.contains(state.strings.moreMarker(above: 0, below: limit)) })
        state.scrollLimit = limit
        _ = UpdateTests.press([.pageDown, .pageDown, .pageDown, .pageDown], &state)
        #expect(state.scroll == limit, "PgDn stops at the end")
        buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        #expect(buffer.lines.contains { $0.contains(state.strings.moreMarker(above: limit, below: 0)) }, "the marker says the end is reached")
        #expect(buffer.lines.contains { $0.contains("Journal: ") }, "the last line of the summary is reachable")
        _ = UpdateTests.press([.character("1")], &state)
        #expect(state.scroll == 0)
    }

    /// Every key a screen has, the ones the footer had no room for included, is in its help.
    @Test func helpListsEveryKeyOfTheScreenAtHand() async throws {
        var state = try await UpdateTests.connected("fresh")
        state.size = Size(width: 80, height: 24)
        _ = UpdateTests.press([.character("1")], &state)
        let hints = footerHints(state)
        let fitting = Footer(hints: hints, moreLabel: state.strings.keyMore).fitting(width: 78)
        #expect(fitting.hints.count < hints.count, "at 80 columns the phase footer leaves keys out")
        #expect(fitting.hints.last?.keys == "?" && fitting.hints.last?.label == "more")
        _ = UpdateTests.press([.character("?")], &state)
        var buffer = Buffer(size: Size(width: 80, height: 40))
        state.size = buffer.size
        render(state, into: &buffer)
        let text = buffer.lines.joined(separator: "\n")
        for hint in hints { #expect(text.contains(hint.label), "\(hint.label) missing from the help") }
    }

    @Test func ambiguousGlyphsAreDrawnInASCIIWhenTheTerminalDrawsThemWide() async throws {
        var state = try await UpdateTests.connected("fresh")
        state.ambiguousWidth = .double
        _ = UpdateTests.press([.character("1")], &state)
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        let text = buffer.lines.joined()
        #expect(!text.unicodeScalars.contains { UnambiguousGlyphs.replacement(for: $0) != nil }, "no ambiguous glyph is left")
        #expect(text.contains("+-") && text.contains("|"))
    }

    @Test func timesAreShownInTheAdminsTimeZone() {
        let strings = Strings.for(.en)
        #expect(strings.time("2026-11-23T09:14:05Z", timeZone: TimeZone(identifier: "Asia/Tokyo")!) == "2026-11-23 18:14 GMT+9")
        #expect(Strings.for(.ja).time("2026-11-23T09:14:05Z", timeZone: TimeZone(identifier: "UTC")!) == "2026年11月23日 09:14 GMT")
    }

    /// An Okta time inside an English sentence reads to the minute, in UTC, and says so: never raw ISO 8601.
    @Test(arguments: ["2026-01-15T10:00:00.000Z", "2026-01-15T10:00:59Z"])
    func oktaTimesInSentencesReadToTheMinute(time: String) {
        #expect(OktaTime.readable(time) == "2026-01-15 10:00 UTC")
    }

    @Test func theExitLinesFollowTheSessionsLanguage() async throws {
        var state = try await UpdateTests.connected("fresh")
        state.language = .ja
        let lines = state.strings.exitLines(state)
        #expect(lines.allSatisfy { JapaneseTests.hasJapanese($0) }, "\(lines)")
        #expect(lines.allSatisfy { JapaneseTests.englishRuns(in: $0).isEmpty }, "\(lines)")
    }
}
