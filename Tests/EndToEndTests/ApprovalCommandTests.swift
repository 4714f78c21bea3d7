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
        let journal = home + "/journal.json"
        let state = ["--state-file", journal]
        let attributes = try await Binary.run(["apply", "--yes", "--phase", "attributes"] + state, environment: environment)
        #expect(attributes.status == 3, "\(attributes.stderr)")
        let writesBefore = try await OrgRecord.appliedWrites(simulator)

        // The interrupted run was asked for the attributes only: nothing of it is left, and the
        // mapping (phase 2) is never part of it.
        let nothingLeft = try await Binary.run(["resume"] + state, environment: environment)
        #expect(nothingLeft.status == 3, "\(nothingLeft.stdout) \(nothingLeft.stderr)")
        #expect(!nothingLeft.stdout.contains("/api/v1/mappings/"), "\(nothingLeft.stdout)")
        #expect(try await OrgRecord.appliedWrites(simulator) == writesBefore)

        // A run asked for everything, interrupted after the attributes: the mapping is left.
        var document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: journal))) as? [String: Any] ?? [:]
        document["scope"] = ["okta-attribute", "app-attribute", "mapping", "existing-users", "profile-source", "push-status", "source-priority"]
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: journal))
        let resumed = try await Binary.run(["resume"] + state, environment: environment)
        #expect(resumed.status == 3, "\(resumed.stdout) \(resumed.stderr)")
        #expect(resumed.stdout.contains("POST /api/v1/mappings/"), "the write it would send is printed: \(resumed.stdout)")
        #expect(resumed.stdout.contains("Nothing was sent: resume asks before it writes"), "and why nothing went: \(resumed.stdout)")
        #expect(!resumed.stderr.contains("Nothing was sent"), "said once, not on stderr too: \(resumed.stderr)")
        #expect(try await OrgRecord.appliedWrites(simulator) == writesBefore, "nothing sent")
        let japanese = try await Binary.run(["resume", "--lang", "ja"] + state, environment: environment)
        #expect(japanese.status == 3 && japanese.stdout.contains("何も送信していません。"), "\(japanese.stdout)")
        #expect(try await OrgRecord.appliedWrites(simulator) == writesBefore)

        // What a rollback undid is not half-finished: resume --yes does not write it again, and
        // says the run was rolled back (exit 1, as a journal with nothing to resume).
        let undone = try await Binary.run(["rollback", "--all", "--yes", "--delete-attribute-data"] + state, environment: environment)
        #expect(undone.status == 0, "\(undone.stdout) \(undone.stderr)")
        #expect(undone.stdout.contains("Dialpad app attribute dialpadPhone: removed whole"), "--yes still says what is restored: \(undone.stdout)")
        let afterRollback = try await OrgRecord.appliedWrites(simulator)
        let again = try await Binary.run(["resume", "--yes"] + state, environment: environment)
        #expect(again.status == 1, "\(again.stdout) \(again.stderr)")
        #expect(again.stderr.contains("dialpad-okta apply --yes"), "the next step is apply: \(again.stderr)")
        #expect(try await OrgRecord.appliedWrites(simulator) == afterRollback, "nothing written again after the rollback")
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

/// A reader that goes away (`inspect | head -1`) ends what is shown, never the run.
@Suite struct ClosedOutputTests {
    @Test func aClosedStandardOutputDoesNotCrashTheRun() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let process = ChildProcess()
        process.executableURL = Binary.url
        process.arguments = ["apply", "--yes", "--state-file", home + "/journal.json"]
        process.environment = OrgRecord.environment(simulator, home: home)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        // Nobody reads standard output: its read end is closed before the run prints.
        try out.fileHandleForReading.close()
        try spawn(process)
        async let errors = blocking { readToEnd(err.fileHandleForReading.fileDescriptor) }
        await blocking { process.waitUntilExit() }
        let stderr = String(decoding: await errors, as: UTF8.self)
        #expect(process.terminationStatus == 3, "exit \(process.terminationStatus): \(stderr.prefix(800))")
        #expect(!stderr.contains("Fatal error"), "\(stderr.prefix(800))")
        let journal = try String(contentsOfFile: home + "/journal.json", encoding: .utf8)
        #expect(!journal.contains("\"intent\""), "every write settled")
        #expect(try await OrgRecord.appliedWrites(simulator).count == 3)
        await simulator.shutdown()
    }
}

/// Ctrl-C during a write never leaves it half-recorded: the write is answered, read back and
/// journalled, no other write starts, and the run ends saying so.
@Suite struct InterruptedWriteTests {
    @Test func ctrlCWhileAWriteIsUnderWayLetsItSettleThenStops() async throws {
        var options = SimulatorOptions(seed: "fresh")
        options.consistencyDelayMs = 2_000  // the first writes' read-back takes a while
        let simulator = try await OktaSimulator.start(options)
        let home = Binary.emptyHome()
        let process = ChildProcess()
        process.executableURL = Binary.url
        process.arguments = ["apply", "--yes", "--state-file", home + "/journal.json"]
        process.environment = OrgRecord.environment(simulator, home: home)
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try spawn(process)
        async let errors = blocking { readToEnd(err.fileHandleForReading.fileDescriptor) }
        var landed = 0
        for _ in 0..<500 where landed == 0 {
            landed = try await OrgRecord.appliedWrites(simulator).count
            if landed == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(landed > 0, "a write landed: the run is in its read-back")
        kill(process.processIdentifier, SIGINT)
        await blocking { process.waitUntilExit() }
        let stderr = String(decoding: await errors, as: UTF8.self)
        #expect(stderr.contains("Ctrl-C: stopping once the write under way is answered and journalled"), "\(stderr)")
        // Ended by the refusal of the next write (1), or, when the last write was already on its
        // way, by the run's own end (3): never by the signal.
        #expect([1, 3].contains(process.terminationStatus), "\(process.terminationStatus) \(stderr)")
        if process.terminationStatus == 1 { #expect(stderr.contains("Stopped at Ctrl-C"), "\(stderr)") }
        let journal = try String(contentsOfFile: home + "/journal.json", encoding: .utf8)
        #expect(!journal.contains("\"intent\""), "every write that went out was settled: \(journal)")
        await simulator.shutdown()
    }
}
