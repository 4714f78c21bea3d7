import Foundation
import OktaClient
import OktaSimulator
import Testing

/// Issue 23 §4: the command line's human output wraps to the terminal's width with the wizard's
/// line breaking; the terminal used to cut Japanese mid-word (`(作成時に適用。Dia` / `lpad が…`).
@Suite(.serialized) struct CommandLineWidthTests {
    /// `inspect` in an 80-column terminal: no row is one the terminal wrapped (tmux joins those
    /// with -J), so every break is the program's, at a place the rules allow.
    @Test(arguments: ["en", "ja"])
    func inspectWrapsToTheTerminalsWidth(language: String) async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "conflict"))
        let home = Binary.emptyHome()
        let tmux = try await TmuxSession(["inspect", "--lang", language], environment: WizardTmuxTests.orgEnvironment(simulator, home: home),
                                         width: 80, height: 50)
        defer { tmux.closeNow() }
        let done = try await tmux.waitFor("EXIT=", seconds: 60)
        #expect(done.found, "inspect did not finish:\n\(done.screen)")
        let rows = try await tmux.tmux(["capture-pane", "-p", "-S", "-", "-t", "t"]).split(separator: "\n", omittingEmptySubsequences: false)
        let lines = try await tmux.tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", "t"]).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == lines.count, "the terminal wrapped \(rows.count - lines.count) rows:\n\(rows.joined(separator: "\n"))")
        // It did print the long explanations that used to run past the edge.
        #expect(rows.count > 20)
        await simulator.shutdown()
    }
}
