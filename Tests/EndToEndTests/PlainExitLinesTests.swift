import Foundation
import OktaSimulator
import Testing
import TerminalUI

/// The attack on issue 23, item 15: plain mode's last lines (`未完了のステップ：…`) came out
/// unwrapped under a transcript wrapped to COLUMNS, through a pipe.
@Suite struct PlainExitLinesTests {
    @Test(arguments: ["en", "ja"])
    func theExitLinesAreWrappedToColumnsLikeTheTranscript(language: String) async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let result = try await Binary.run(["setup", "--plain", "--lang", language, "--state-file", home + "/journal.json"],
                                          environment: OrgRecord.environment(simulator, home: home, ["TERM": "xterm-256color", "COLUMNS": "40"]),
                                          input: "q\n")
        await simulator.shutdown()
        #expect(result.status == 3, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The last words: from the line naming the steps not done to the end.
        let label = language == "ja" ? "未完了のステップ" : "Steps not done"
        let start = try #require(lines.lastIndex { $0.hasPrefix(label) }, "\(result.stdout.suffix(800))")
        let last = Array(lines[start...])
        #expect(last.count > 2, "the list of steps goes on over lines: \(last)")
        #expect(last.allSatisfy { $0.displayWidth <= 40 }, "\(last)")
    }
}
