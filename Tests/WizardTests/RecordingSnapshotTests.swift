import Foundation
import OktaClient
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// A session run with `--record FILE` (issue 24): the header marks it on every screen, plain
/// mode says it, the help says how to send a bundle, and the exit names the file and its check.
@Suite struct RecordingSnapshotTests {
    static let bundle = "/home/admin/support bundle.json"

    static func state(_ language: Language, colour: Bool = true, recording: Bool = true) async throws -> WizardState {
        var state = WizardState(mode: .setup, language: language, theme: Theme(colour: colour), size: Size(width: 80, height: 24))
        let observation = try await Observations.shared.of("partial")
        state.org = "https://acme.okta.com"
        state.observation = observation
        state.reports = Planner.plan(observation)
        state.lastCheckedClock = "09:14:05"
        state.timeZone = TimeZone(identifier: "UTC")!
        state.screen = .overview
        if recording { state.recordingBundle = bundle }
        return state
    }

    static func frame(_ state: WizardState) -> Buffer {
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        return buffer
    }

    @Test(arguments: [Language.en, .ja])
    func theHeaderMarksARecordingSession(language: Language) async throws {
        let state = try await Self.state(language)
        let buffer = Self.frame(state)
        #expect(buffer.lines[0].hasPrefix(" dialpad-okta │ acme.okta.com"), "the org stays in the header: \(buffer.lines[0])")
        #expect(buffer.lines[0].contains(state.strings.recordingMarker + "  " + state.strings.lastChecked("09:14:05")))
        #expect(buffer.lines.allSatisfy { $0.displayWidth <= 80 })
        try Golden.check(buffer, named: "recording-overview.\(language.rawValue).80x24")

        // Without --record, no marker: the header is as before.
        let quiet = Self.frame(try await Self.state(language, recording: false))
        #expect(!quiet.lines[0].contains(state.strings.recordingMarker))
    }

    /// A terminal drawing ● two wide gets the ASCII stand-in, and the header keeps its width.
    @Test func theMarkerOnAnAmbiguousDoubleTerminal() async throws {
        var state = try await Self.state(.ja)
        state.ambiguousWidth = .double
        let header = Self.frame(state).lines[0]
        #expect(header.contains("* 記録中") && !header.contains("●"), "\(header)")
    }

    /// The help says how to send a bundle: its last paragraph, once scrolled to.
    @Test(arguments: [Language.en, .ja])
    func theHelpSaysHowToSendABundle(language: Language) async throws {
        var state = try await Self.state(language, recording: false)
        state.modal = .help
        let area = dialogArea(Rect(x: 0, y: 0, width: 80, height: 24))
        let dialog = dialog(for: .help, state, over: area)
        #expect(Array(dialog.body.suffix(3).map(\.0)) == state.strings.bundleHelpLines)
        let layout = dialog.layout(over: area)
        state.dialogScroll = max(0, layout.lines.count - 1)
        let buffer = Self.frame(state)
        let screen = buffer.lines.joined(separator: "\n")
        #expect(screen.contains("bundle check"), "\(screen)")
        try Golden.check(buffer, named: "recording-help.\(language.rawValue).80x24")
    }

    /// Plain mode has no header: the frame says the session records, and where.
    @Test(arguments: [Language.en, .ja])
    func plainModeSaysItRecords(language: Language) async throws {
        let state = try await Self.state(language)
        let page = TranscriptPage.of(state)
        let block = try #require(page.frame.first { $0.id == "frame.recording" })
        #expect(block.paragraphs == [state.strings.recordingLine(Self.bundle)])
        #expect(block.paragraphs[0].contains("dialpad-okta bundle check '\(Self.bundle)'"), "the path quoted for the shell")
        #expect(TranscriptPage.of(try await Self.state(language, recording: false)).frame.allSatisfy { $0.id != "frame.recording" })
    }

    @Test(arguments: [Language.en, .ja])
    func theExitNamesTheBundleAndItsCheck(language: Language) {
        let strings = Strings.for(language)
        let written = strings.bundleExitLines(.written(path: "/tmp/b.json"))
        #expect(written.count == 2)
        #expect(written[0].contains("/tmp/b.json"))
        #expect(written[1].hasSuffix("dialpad-okta bundle check /tmp/b.json"), "the check, ready to copy")
        let missing = strings.bundleExitLines(.notWritten(path: "/tmp/b.json"))
        #expect(missing.count == 1 && missing[0].contains("/tmp/b.json") && !missing[0].contains("bundle check"))
        #expect(written != missing)
        // Each language its own words.
        #expect(Strings.for(.en).bundleExitLines(.written(path: "x")) != Strings.for(.ja).bundleExitLines(.written(path: "x")))
    }
}
