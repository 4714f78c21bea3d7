import Foundation
import OktaClient
import OktaSimulator
import Testing

/// `dialpad-okta setup --record FILE` as an admin meets it (issue 24): the header says the
/// session records, and after quitting the terminal names the bundle and the check to run.
@Suite(.serialized) struct WizardRecordingTmuxTests {
    @Test(arguments: [("en", "● REC", "Support bundle: "), ("ja", "● 記録中", "サポートバンドル：")])
    func theWizardMarksItsRecordingAndNamesTheBundleOnExit(language: String, marker: String, exitWords: String) async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "complete"))
        let home = Binary.emptyHome()
        let file = home + "/wizard.bundle.json"
        let tmux = try await TmuxSession(["setup", "--lang", language, "--record", file],
                                         environment: WizardTmuxTests.orgEnvironment(simulator, home: home))
        defer { tmux.closeNow() }
        let overview = try await tmux.waitFor(language == "ja" ? "3 つのフェーズ" : "Three phases")
        WizardTmuxTests.expectShown(overview, "the overview")
        let header = overview.screen.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        #expect(header.contains(marker), "the header marks the recording: \(header)")
        let exit = try await tmux.press("q", until: "EXIT=")
        WizardTmuxTests.expectShown(exit, "exit")
        // Lines the terminal or the output wrapped, joined again: a path is never cut, only moved.
        let history = try await tmux.tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", "t"])
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(history.contains(exitWords + file), "the exit names the bundle: \(history)")
        #expect(history.contains("dialpad-okta bundle check " + file), "and the check to run before sending it: \(history)")
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        #expect(bundle["format"] as? String == SupportBundle.format)
        #expect(!((bundle["exchanges"] as? [Any]) ?? []).isEmpty, "the session's reads are in it")
        await simulator.shutdown()
    }

    /// Without --record the header has no marker and the exit names no bundle.
    @Test func withoutRecordNothingIsMarked() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "complete"))
        let home = Binary.emptyHome()
        let tmux = try await TmuxSession(["setup", "--lang", "en"], environment: WizardTmuxTests.orgEnvironment(simulator, home: home))
        defer { tmux.closeNow() }
        let overview = try await tmux.waitFor("Three phases")
        WizardTmuxTests.expectShown(overview, "the overview")
        #expect(!overview.screen.contains("● REC"))
        WizardTmuxTests.expectShown(try await tmux.press("q", until: "EXIT="), "exit")
        #expect(!(try await tmux.captureHistory()).contains("Support bundle"))
        await simulator.shutdown()
    }
}
