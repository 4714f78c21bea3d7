import Foundation
import OktaSimulator
import Testing

/// Issue 23 §2 and §5 on the command line: a write that fails part way shows the org read
/// again and how far the run got; a conflict is one rule for apply and the wizard.
@Suite struct ConflictAndFailedRunCommandTests {
    static func start(_ seed: String, failing: Set<Int> = []) async throws -> (RunningSimulator, [String: String], String) {
        var options = SimulatorOptions(seed: seed)
        options.failingWrites = failing
        let simulator = try await OktaSimulator.start(options)
        let home = Binary.emptyHome()
        return (simulator, OrgRecord.environment(simulator, home: home), home + "/journal.json")
    }

    @Test func aRollbackWhoseSecondWriteFailsShowsTheOrgAndOneOfThreeRolledBack() async throws {
        // apply writes 1 to 3; the rollback undoes the mapping (4), then the app attribute (5, and its one resend 6) fails.
        let (simulator, environment, journal) = try await Self.start("fresh", failing: [5, 6])
        let applied = try await Binary.run(["apply", "--yes", "--state-file", journal], environment: environment)
        #expect(applied.status == 3, "\(applied.stderr)")
        let result = try await Binary.run(["rollback", "--all", "--yes", "--delete-attribute-data", "--state-file", journal], environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("A write failed. The org, read again now:"), "\(result.stdout)")
        #expect(result.stdout.contains("1 of 3 rolled back. Next:"), "\(result.stdout)")
        // The org as it is: the mapping undone, the attributes still there.
        let mapping = try #require(result.stdout.split(separator: "\n").first { $0.contains("mapping") && !$0.contains("↶") })
        #expect(!mapping.contains("✓"), "\(mapping)")
        #expect(result.stderr.contains("500") || result.stderr.contains("E0000009"), "\(result.stderr)")
        await simulator.shutdown()
    }

    /// A refusal before any write (here: the attribute's deletion not confirmed) is said as it
    /// is: no "A write failed" and no org report in front of it.
    @Test func aRollbackRefusedBeforeAnyWriteShowsNoFailedRun() async throws {
        let (simulator, environment, journal) = try await Self.start("fresh")
        let applied = try await Binary.run(["apply", "--yes", "--state-file", journal], environment: environment)
        #expect(applied.status == 3, "\(applied.stderr)")
        let result = try await Binary.run(["rollback", "--all", "--yes", "--state-file", journal], environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(!result.stdout.contains("A write failed") && !result.stdout.contains("rolled back. Next:"), "\(result.stdout)")
        #expect(result.stderr.contains("--delete-attribute-data"), "\(result.stderr)")
        await simulator.shutdown()
    }

    @Test(arguments: [("en", "2 of 3 written. Not applied (Okta failed on it, and the org read again does not show it): Mapping"),
                       ("ja", "書き込み 3 件のうち 2 件が完了。適用されていません（Okta でエラーになり、読み直した組織にも反映されていません）：マッピング")])
    func anApplyStoppedAtTheMappingSaysTwoOfThreeWritten(language: String, words: String) async throws {
        // The mapping is the third write; its one resend after a 5xx the fourth.
        let (simulator, environment, journal) = try await Self.start("fresh", failing: [3, 4])
        let result = try await Binary.run(["apply", "--yes", "--lang", language, "--state-file", journal], environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains(words), "\(result.stdout)")
        #expect(result.stdout.contains("okta-attribute") && result.stdout.contains("mapping"), "the org read again is shown: \(result.stdout)")
        // The two attributes it added are in the org: the rollback offered is one that runs.
        #expect(result.stdout.contains("rollback --all --yes --delete-attribute-data"), "\(result.stdout)")
        await simulator.shutdown()
    }

    /// One rule with the wizard's A: write what does not rest on a conflict, name the conflict
    /// and what waits on it, exit 3.
    @Test func applyOnAConflictWritesWhatDoesNotRestOnItAndNamesIt() async throws {
        let (simulator, environment, journal) = try await Self.start("conflict")
        let result = try await Binary.run(["apply", "--yes", "--state-file", journal], environment: environment)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(try await OrgRecord.appliedWrites(simulator).values.reduce(0, +) == 1, "only the app attribute")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("conflict: okta-attribute (") && $0.contains("dialpadPhone exists as integer") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("conflict: mapping (") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("conflict: okta-attribute (") && $0.contains("push-status") }, "what waits on it is named: \(result.stdout)")
        // Run again: nothing left to write, and the conflict is still named.
        let again = try await Binary.run(["apply", "--yes", "--state-file", journal], environment: environment)
        #expect(again.status == 3)
        #expect(again.stdout.contains("conflict: okta-attribute ("), "\(again.stdout)")
        await simulator.shutdown()
    }
}
