import Foundation
import OktaSimulator
import Testing

/// The command line writes only what was printed and approved (a yes at its prompt, or --yes),
/// resume never goes beyond the interrupted run's scope, and two runs on one org take turns
/// however its URL is spelled.
@Suite struct ApprovalCommandTests {
    @Test func resumeWithoutATerminalOrYesPrintsWhatItWouldSendAndSendsNothing() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let environment = OrgRecord.environment(simulator, home: home)
        let state = ["--state-file", home + "/journal.json"]
        let attributes = try await Binary.run(["apply", "--yes", "--phase", "attributes"] + state, environment: environment)
        #expect(attributes.status == 3, "\(attributes.stderr)")
        // The app attribute goes again, so the attributes phase has a write left.
        let undone = try await Binary.run(["rollback", "--step", "app-attribute", "--yes", "--delete-attribute-data"] + state, environment: environment)
        #expect(undone.status == 0, "\(undone.stdout) \(undone.stderr)")
        #expect(undone.stdout.contains("Dialpad app attribute dialpadPhone: removed whole"), "--yes still says what is restored: \(undone.stdout)")
        let writesBefore = try await OrgRecord.appliedWrites(simulator)

        let resumed = try await Binary.run(["resume"] + state, environment: environment)
        #expect(resumed.status == 3, "\(resumed.stdout) \(resumed.stderr)")
        #expect(resumed.stdout.contains("POST /api/v1/meta/schemas/apps/"), "the write it would send is printed: \(resumed.stdout)")
        #expect(resumed.stdout.contains("Nothing was sent: resume asks before it writes"), "and why nothing went: \(resumed.stdout)")
        #expect(!resumed.stdout.contains("/api/v1/mappings/"), "the mapping (phase 2) was never part of the interrupted run")
        #expect(try await OrgRecord.appliedWrites(simulator) == writesBefore, "nothing sent")

        // Japanese says the same.
        let japanese = try await Binary.run(["resume", "--lang", "ja"] + state, environment: environment)
        #expect(japanese.status == 3 && japanese.stdout.contains("何も送信していません。"), "\(japanese.stdout)")
        #expect(try await OrgRecord.appliedWrites(simulator) == writesBefore)
        await simulator.shutdown()
    }

    @Test func twoRunsOnOneOrgUnderTwoSpellingsTakeTurns() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh", latencyMs: 100))
        let home = Binary.emptyHome()
        let port = try #require(URL(string: simulator.baseURL)?.port)
        func run(_ org: String, _ journal: String) async throws -> Binary.Result {
            try await Binary.run(["apply", "--yes", "--state-file", home + "/" + journal],
                                 environment: OrgRecord.environment(simulator, home: home, ["OKTA_CLIENT_ORGURL": org]))
        }
        async let first = run("http://127.0.0.1:\(port)", "numeric.json")
        async let second = run("http://localhost:\(port)", "named.json")
        let (a, b) = try await (first, second)
        #expect([a.status, b.status].allSatisfy { $0 == 3 }, "\(a.stderr) \(b.stderr)")
        let writes = try await OrgRecord.appliedWrites(simulator)
        #expect(writes.count == 3 && writes.values.allSatisfy { $0 == 1 }, "each write once, not once per spelling: \(writes)")
        let journalled = ["numeric.json", "named.json"].map { name in
            // The run that found nothing left to write journals nothing.
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: home + "/" + name)) else { return 0 }
            let entries = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["entries"] as? [[String: Any]] ?? []
            return entries.count
        }
        #expect(journalled.sorted() == [0, 3], "only the run that wrote claims the writes: \(journalled)")
        let lookups = try await OrgRecord.requests(simulator).filter { $0["path"] as? String == "/.well-known/okta-organization" }
        #expect(lookups.count == 2, "each run asked the org for its id")
        await simulator.shutdown()
    }
}
