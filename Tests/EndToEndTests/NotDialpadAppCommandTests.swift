import Foundation
import OktaSimulator
import Testing
import TestSupport

/// Attack 5, F1: `--app-id` naming an app that is not Dialpad's (Slack, a mistyped id) is
/// refused before any write, named as what it is, with the apps that look like Dialpad; the
/// read-only commands say so first. Nothing is written unasked.
@Suite struct NotDialpadAppCommandTests {
    /// Slack in the `fresh` seed.
    static let slack = "0oa9Osnrm8JO20hWLKip"

    static func dialpadId(_ simulator: RunningSimulator) async throws -> String {
        let state = try #require(try JSONSerialization.jsonObject(with: await simulator.stateJSON()) as? [String: Any])
        let apps = try #require(state["apps"] as? [[String: Any]])
        return try #require(apps.first { ($0["name"] as? String) == "dialpad" }?["id"] as? String)
    }

    @Test(arguments: ["en", "ja"])
    func applyRefusesAnAppThatIsNotDialpadAndWritesNothing(language: String) async throws {
        try await withSimulator(SimulatorOptions(seed: "fresh")) { simulator in
            let before = try await OrgRecord.state(simulator)
            let dialpad = try await Self.dialpadId(simulator)
            let home = Binary.emptyHome()
            let result = try await Binary.run(["apply", "--yes", "--app-id", Self.slack, "--lang", language], environment: OrgRecord.environment(simulator, home: home))
            // As an id the org has no app for (`no app with ID`): an app lookup error, exit 1.
            #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
            #expect(try await OrgRecord.appliedWrites(simulator).isEmpty)
            #expect(try await OrgRecord.requests(simulator).allSatisfy { $0["method"] as? String == "GET" }, "no write was even sent")
            #expect(try await OrgRecord.state(simulator) == before)
            #expect(result.stderr.contains("Slack") && result.stderr.contains("slack") && result.stderr.contains(dialpad), "\(result.stderr)")
            #expect(!result.stdout.contains("writing"), "\(result.stdout)")
            if language == "ja" {
                for line in result.stderr.split(separator: "\n") { #expect(EnglishDetector.runs(in: String(line)).isEmpty, "\(line)") }
            }
        }
    }

    /// The `--json` error document carries the lookup's code and the apps to choose instead.
    @Test func applyJSONNamesTheDialpadAppsInstead() async throws {
        try await withSimulator(SimulatorOptions(seed: "fresh")) { simulator in
            let dialpad = try await Self.dialpadId(simulator)
            let result = try await Binary.run(["apply", "--yes", "--json", "--app-id", Self.slack], environment: OrgRecord.environment(simulator, home: Binary.emptyHome()))
            #expect(result.status == 1)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let error = try #require(document["error"] as? [String: Any])
            #expect(error["code"] as? String == "app-lookup")
            #expect((error["candidates"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [dialpad])
            #expect(try await OrgRecord.appliedWrites(simulator).isEmpty)
        }
    }

    /// `confirm` records the admin's word about an app: not about Slack's.
    @Test func confirmRefusesAnAppThatIsNotDialpad() async throws {
        try await withSimulator(SimulatorOptions(seed: "fresh")) { simulator in
            let home = Binary.emptyHome()
            let result = try await Binary.run(["confirm", "apply-now", "--app-id", Self.slack, "--yes"], environment: OrgRecord.environment(simulator, home: home))
            #expect(result.status != 0)
            #expect(result.stderr.contains("not a Dialpad app"), "\(result.stderr)")
            #expect(try await OrgRecord.appliedWrites(simulator).isEmpty)
        }
    }

    /// Read-only: it reads on, and says first that the app is not Dialpad's.
    @Test(arguments: [("inspect", "en"), ("inspect", "ja"), ("plan", "en"), ("plan", "ja")])
    func readOnlyCommandsSayItFirst(command: String, language: String) async throws {
        try await withSimulator(SimulatorOptions(seed: "fresh")) { simulator in
            let result = try await Binary.run([command, "--app-id", Self.slack, "--lang", language], environment: env(simulator))
            #expect(result.status == 3, "\(result.stderr)")
            let first = try #require(result.stdout.split(separator: "\n").first.map(String.init))
            #expect(first.hasPrefix(language == "en" ? "warning: App \(Self.slack) is Slack" : "警告："), "\(first)")
            #expect(result.stdout.contains(try await Self.dialpadId(simulator)))
            #expect(try await OrgRecord.appliedWrites(simulator).isEmpty)
        }
    }
}
