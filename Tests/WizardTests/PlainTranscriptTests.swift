import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Synchronization
import Testing
import TerminalUI
@testable import Wizard

/// Plain mode is a transcript a screen reader can follow (issue 23 §6): one column wrapped to
/// the terminal's width with the wizard's line breaking, words instead of marks, after a key
/// only what it changed, and `p` for the whole screen again.
@Suite struct PlainTranscriptTests {
    /// What one scripted session printed: every output line, and the lines each answer drew.
    struct Session {
        var lines: [String]
        /// `answers[i]`'s output: what was printed after it and before the next prompt.
        var after: [(answer: String, lines: [String])]
        var port: Int
        var final: WizardState

        /// The transcript with the simulator's port (5 digits, so the wrapping holds) fixed.
        var golden: String {
            lines.map { $0.replacingOccurrences(of: "127.0.0.1:\(port)", with: "127.0.0.1:PORT_") }.joined(separator: "\n") + "\n"
        }
    }

    final class Recorder: @unchecked Sendable {
        let state = Mutex<(lines: [String], after: [(String, [String])])>(([], []))
        func output(_ text: String) {
            state.withLock { state in
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                state.lines += lines
                if !state.after.isEmpty { state.after[state.after.count - 1].1 += lines }
            }
        }
        func answered(_ answer: String) {
            state.withLock {
                $0.lines.append("» " + answer)
                $0.after.append((answer, []))
            }
        }
    }

    /// The session of the issue: connect (preset credentials), phase 1 and its next step, phase
    /// 2 (the partial seed's first with a write) and its apply dialog, cancel, reprint; then
    /// the input ends.
    static let script = ["1", "Down", "2", "A", "Esc", "p"]

    static func session(_ language: Language, width: Int, seed: String = "partial", answers: [String] = script) async throws -> Session {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed))
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        let store = Fixtures.temporaryJournal()
        let services = WizardServices(makeClient: { _, _, readOnly in OktaClient(configuration: configuration, readOnly: readOnly) },
                                      makeStore: { _ in store })
        var state = WizardState(mode: .setup, language: language, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        state.credentialsPreset = true
        state.orgField = TextField(value: simulator.baseURL)
        state.timeZone = TimeZone(identifier: "UTC")!
        let recorder = Recorder()
        let pending = Mutex(answers)
        let initial = state
        // The plain runtime blocks on its input: a thread of its own, never Swift's pool.
        let final: WizardState = await withCheckedContinuation { continuation in
            Thread {
                let plain = PlainRuntime(state: initial, services: services, input: { _ in
                    let answer = pending.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                    if let answer { recorder.answered(answer) }
                    return answer
                }, output: recorder.output, clock: { 1_800_000_000 }, width: width)
                plain.run()
                let semaphore = DispatchSemaphore(value: 0)
                let box = UncheckedBox(plain)
                Task.detached { await box.value.shutdown(); semaphore.signal() }
                semaphore.wait()
                continuation.resume(returning: plain.state)
            }.start()
        }
        let port = URL(string: simulator.baseURL)?.port ?? 0
        await simulator.shutdown()
        let recorded = recorder.state.withLock { $0 }
        return Session(lines: recorded.lines, after: recorded.after.map { (answer: $0.0, lines: $0.1) }, port: port, final: final)
    }

    final class UncheckedBox<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// Marks the screen draws (status marks, arrows, box lines, spinners): none is read aloud.
    static func glyphs(in line: String) -> [Character] {
        line.filter { character in
            TranscriptPage.marks.contains(String(character)) || "↑↓".contains(character)
                || character.unicodeScalars.contains { (0x2500...0x257F).contains($0.value) || (0x2800...0x28FF).contains($0.value) }
        }.map { $0 }
    }

    @Test("the partial seed's session as a transcript at 60 columns", arguments: [Language.en, .ja])
    func transcriptGolden(language: Language) async throws {
        let session = try await Self.session(language, width: 60)
        try Golden.checkText(session.golden, named: "plain-transcript.\(language == .ja ? "ja" : "en").60.txt")
        let s = Strings.for(language)

        #expect(session.lines.filter { $0.displayWidth > 60 }.isEmpty, "wrapped to 60 columns")
        #expect(session.lines.allSatisfy { Self.glyphs(in: $0).isEmpty }, "\(session.lines.filter { !Self.glyphs(in: $0).isEmpty })")
        #expect(session.lines.contains { $0.hasPrefix(s.status(.missing)) || $0.contains(s.t(": ", "：") + s.status(.missing)) }, "states in words")

        // The second key on the phase screen says the newly selected step, nothing it already said.
        let down = try #require(session.after.first { $0.answer == "Down" }).lines
        let second = s.stepTitle(StepID.allCases.filter { $0.phase == .attributes }[1])
        #expect(down.contains { $0.contains(s.selected("")) && $0.contains(second.prefix(8)) }, "\(down)")
        #expect(!down.contains { $0.contains(s.phaseHeading(s.phaseTitle(.attributes))) }, "not the heading again: \(down)")
        #expect(!down.contains { $0.hasPrefix(s.product) }, "not the org again")
        let first = s.labelled(s.stepTitle(StepID.allCases.filter { $0.phase == .attributes }[0]), s.status(.ok))
        let opened = try #require(session.after.first { $0.answer == "1" }).lines
        #expect(opened.contains(first) && !down.contains(first), "the steps' states, unchanged, are not said again: \(down)")

        // The apply dialog is said with its requests; Esc goes back to the phase, and p says it all again.
        let apply = try #require(session.after.first { $0.answer == "A" }).lines
        #expect(apply.contains { $0.contains(s.applyTitle) })
        #expect(apply.joined(separator: " ").contains("POST /api/v1/mappings/"), "the request: \(apply)")
        let reprint = try #require(session.after.first { $0.answer == "p" }).lines
        let cancelled = try #require(session.after.first { $0.answer == "Esc" }).lines
        #expect(cancelled.first == s.phaseHeading(s.phaseTitle(.mappings)), "back from the dialog: where the admin is (\(cancelled))")
        #expect(!cancelled.contains { $0.contains(s.stepTitle(.mapping).prefix(8)) && $0.hasSuffix(s.status(.missing)) }, "the unchanged list is not said again")
        #expect(reprint.contains { $0.contains(s.phaseHeading(s.phaseTitle(.mappings))) })
        for step in StepID.allCases where step.phase == .mappings {
            #expect(reprint.contains { $0.contains(s.stepTitle(step).prefix(8)) }, "p says every step of the phase: \(step)")
        }
        #expect(reprint.contains { $0.hasPrefix(s.product) }, "p says the org too")
        #expect(session.final.modal == nil, "the dialog was cancelled")
    }

    /// The attack on issue 23 (finding 2): on the partial seed Dialpad would be the only profile
    /// source, and plain mode gave the ordinary guide ("tick Allow Dialpad to source Okta users").
    @Test("plain mode's guide on the only-source org says what to do instead", arguments: [Language.en, .ja])
    func theGateShutGuideInPlainMode(language: Language) async throws {
        let session = try await Self.session(language, width: 5_000, answers: ["3", "Enter"])
        let report = try #require(session.final.report(.profileSource))
        let console = try #require(StepID.profileSource.definition.console)
        #expect(console.gateShut(report), "the partial seed has no other profile source")
        let gateGuide = console.guidance(app: "Dialpad", language: language, report: report)
        let ordinary = console.guidance(app: "Dialpad", language: language)
        #expect(gateGuide != ordinary)
        let text = session.lines.joined(separator: "\n")
        #expect(gateGuide.allSatisfy { text.contains($0) }, "the gate's guide is said")
        #expect(!text.contains(ordinary[0]), "the ordinary guide is not")
    }

    @Test func japaneseAtFortyColumnsStaysWithinTheWidth() async throws {
        let session = try await Self.session(.ja, width: 40, answers: Self.script + ["?", "Esc", "s"])
        // A value meant to be copied (a namespace, a path) is never cut: wider than the line, it
        // has a line of its own, which the terminal wraps softly (issue 23 §4).
        let over = session.lines.filter { $0.displayWidth > 40 && $0.trimmingCharacters(in: .whitespaces).contains(" ") }
        #expect(over.isEmpty, "\(over)")
        #expect(session.lines.allSatisfy { Self.glyphs(in: $0).isEmpty }, "\(session.lines.filter { !Self.glyphs(in: $0).isEmpty })")
    }

    /// The help names the key that reprints, and the keys line offers it.
    @Test func helpSaysWhichKeyReprints() async throws {
        let session = try await Self.session(.en, width: 80, answers: ["?"])
        let help = try #require(session.after.first { $0.answer == "?" }).lines.joined(separator: " ")
        #expect(help.contains(Strings.for(.en).reprintHelp.prefix(30)), "\(help)")
        #expect(session.lines.contains { $0.contains("[\(Strings.reprintKey)] \(Strings.for(.en).keyReprint)") })
    }

    /// The transcript of a write dialog says exactly the rows its reading counts as seen: a
    /// plan taller than the dialog is said up to its window, with how much is below and Send
    /// not offered; after PgDn the rest, and only the rest; then Send is offered.
    @Test func aPlanIsSaidAsFarAsItWasShownAndSendWaitsForTheRest() async throws {
        var state = try await DialogSafetyTests.applyDialogAt80x24()
        guard case .apply(_, let plan, _) = state.modal else { Issue.record("no apply dialog"); return }
        let s = state.strings
        var printer = TranscriptPrinter(width: 60)
        let first = printer.lines(for: TranscriptPage.of(state)).joined(separator: "\n")
        let reading = try #require(state.dialogReading)
        #expect(!reading.sawEverything)
        #expect(first.contains(s.notOfferedYet(s.send).prefix(20)), "Send is said to wait: \(first)")
        #expect(first.contains(plan.writes[0].path), "the first request is said")
        #expect(!first.contains(plan.fingerprint), "the note, below the window, is not said before it is shown")

        _ = UpdateTests.press([.pageDown, .pageDown], &state)
        #expect(state.planShownInFull)
        let rest = printer.lines(for: TranscriptPage.of(state))
        #expect(rest.joined(separator: " ").contains(plan.fingerprint), "the rest of the plan is said: \(rest)")
        #expect(!rest.contains { $0.contains(s.applyTitle) }, "not the rows said before")
        #expect(rest.contains { $0.contains(s.labelled(s.buttonsLabel, s.send)) }, "Send is offered now: \(rest)")
        for write in plan.writes {
            #expect((first + "\n" + rest.joined(separator: "\n")).contains(write.path), "every request said: \(write.path)")
        }
    }

    /// The width: COLUMNS when set, else the terminal's, else 80.
    @Test func widthComesFromColumns() {
        #expect(Output.columns(environment: ["COLUMNS": "57"]) == 57)
        #expect(Output.columns(environment: ["COLUMNS": "x"]) > 0)
    }

    /// A page said again only where its words changed, the frame only when it changed.
    @Test func thePrinterSaysOnlyWhatChanged() {
        var printer = TranscriptPrinter(width: 30)
        let frame = [TranscriptBlock(id: "frame.org", paragraphs: ["org"])]
        let first = TranscriptPage(id: "overview", frame: frame, blocks: [.init(id: "heading", paragraphs: ["Overview"]),
                                                                         .init(id: "step.a", paragraphs: ["A: to do"])])
        #expect(printer.lines(for: first) == ["org", "Overview", "A: to do"])
        let changed = TranscriptPage(id: "overview", frame: frame, blocks: [.init(id: "heading", paragraphs: ["Overview"]),
                                                                           .init(id: "step.a", paragraphs: ["A: done"])])
        #expect(printer.lines(for: changed) == ["A: done"])
        #expect(printer.lines(for: changed).isEmpty)
        #expect(printer.lines(for: changed, whole: true) == ["org", "Overview", "A: done"])
        let dialog = TranscriptPage(id: "dialog.help", frame: [], blocks: [.init(id: "heading", paragraphs: ["Help"])])
        #expect(printer.lines(for: dialog) == ["Help"])
        #expect(printer.lines(for: changed) == ["Overview"], "back from a dialog: where the admin is, and nothing unchanged")
        let notice = TranscriptBlock(id: "notice", paragraphs: ["Written."])
        #expect(printer.lines(for: TranscriptPage(id: "overview", frame: frame, blocks: changed.blocks + [notice])) == ["Written."])
        let phase = TranscriptPage(id: "phase.mappings", frame: frame, blocks: [.init(id: "heading", paragraphs: ["Phase 2"]), notice])
        #expect(printer.lines(for: phase) == ["Phase 2"], "a notice still up on the next screen is not said twice")
    }
}

/// A line typed on a text field in plain mode is the field's whole value (issue 23, attack
/// item 15): the second login typed replaces the first instead of being appended to it.
@Suite struct PlainTextFieldTests {
    @Test func aSecondLineReplacesTheFieldsValue() async throws {
        let session = try await PlainTranscriptTests.session(.en, width: 80, seed: "complete",
                                                             answers: ["1", "u", "nobody@example.com", "", "user0001@example.com"])
        #expect(session.final.screen == .userCheck, "\(session.lines.joined(separator: "\n"))")
        #expect(session.final.userField.value == "user0001@example.com", "\(session.lines.suffix(30).joined(separator: "\n"))")
        #expect(session.final.userCheck?.login == "user0001@example.com")
    }
}
