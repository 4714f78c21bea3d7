import Foundation
import OktaSimulator
import Testing
import TestSupport

/// Issue 14: every command's human output in Japanese with --lang ja or a Japanese locale, in
/// a whole run on one org: inspect, plan, apply, confirm, resume, report, rollback and an
/// error. A line with an English sentence fails, as the wizard's frames do.
@Suite struct JapaneseCommandLineTests {
    static func expectJapanese(_ result: Binary.Result, _ command: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = result.stdout + result.stderr
        #expect(text.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) }, "\(command): no Japanese in \(text)", sourceLocation: sourceLocation)
        for line in text.split(separator: "\n") {
            #expect(EnglishDetector.runs(in: String(line)).isEmpty, "\(command): \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyCommandSpeaksJapanese() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let environment = OrgRecord.environment(simulator, home: home)
        let runs: [([String], Int32)] = [
            (["inspect"], 3), (["plan"], 3), (["apply", "--yes"], 3),
            (["confirm", "do-nothing-lowest-priority", "--yes"], 1), // Dialpad does not source Okta users yet: refused
            (["resume"], 3), (["report"], 0), (["rollback", "--all", "--yes", "--delete-attribute-data"], 0),
        ]
        for (arguments, status) in runs {
            let result = try await Binary.run(arguments + ["--lang", "ja"], environment: environment)
            #expect(result.status == status, "\(arguments): \(result.stdout) \(result.stderr)")
            Self.expectJapanese(result, arguments.joined(separator: " "))
        }
        // A Japanese locale says it without the flag; a bad token is an error in Japanese too.
        var japaneseLocale = environment
        japaneseLocale["LANG"] = "ja_JP.UTF-8"
        japaneseLocale["OKTA_CLIENT_TOKEN"] = "00wrongTokenForTheSimulator"
        let refused = try await Binary.run(["inspect"], environment: japaneseLocale)
        #expect(refused.status == 1)
        Self.expectJapanese(refused, "inspect with a bad token")
        await simulator.shutdown()
    }
}
