import Foundation
import OktaSimulator
import Testing

/// Two real processes on one state file: while the first is in the middle of a write, the
/// second refuses at once and changes nothing; the first then finishes.
@Suite struct TwoProcessTests {
    @Test func aSecondRunOnTheSameJournalRefusesWhileTheFirstWrites() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        // The mapping write is sent once the attribute writes are acknowledged, beside their read-back.
        await simulator.hold("POST", path: "/api/v1/mappings/prmsYqEoTfbJRaJJsDJI", occurrence: 1, at: .arrived)
        let home = Binary.emptyHome()
        let environment = OrgRecord.environment(simulator, home: home)
        let stateFile = home + "/journal.json"

        async let first = Binary.run(["apply", "--yes", "--state-file", stateFile], environment: environment)
        #expect(await simulator.waitUntilHeld(seconds: 300), "the first run reached the mapping write")
        // The attributes' read-backs may still be finishing: wait until the journal says both are done.
        var journalBefore = Data()
        for _ in 0..<600 {
            journalBefore = try Data(contentsOf: URL(fileURLWithPath: stateFile))
            let entries = (try? JSONSerialization.jsonObject(with: journalBefore) as? [String: Any])?["entries"] as? [[String: Any]] ?? []
            if entries.filter({ $0["outcome"] as? String == "done" }).count == 2 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let writesBefore = try await OrgRecord.appliedWrites(simulator)
        let stateBefore = try await OrgRecord.state(simulator)

        for command in [["apply", "--yes"], ["resume"], ["rollback", "--all", "--yes"]] {
            let second = try await Binary.run(command + ["--state-file", stateFile], environment: environment)
            #expect(second.status == 1, "\(command): \(second.stderr)")
            #expect(second.stderr.contains("Another dialpad-okta run is using \(stateFile)"), "\(command): \(second.stderr)")
            #expect(second.stderr.contains("two runs must not change one org at the same time"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: stateFile)) == journalBefore, "the journal is untouched")
        #expect(try await OrgRecord.appliedWrites(simulator) == writesBefore, "the second runs wrote nothing")
        #expect(try await OrgRecord.state(simulator) == stateBefore)

        // The held write is dropped unanswered: the first run finds it did not land, sends it again, and finishes.
        await simulator.abandonHeld()
        let firstResult = try await first
        #expect(firstResult.status == 3, "\(firstResult.stderr)")
        let writes = try await OrgRecord.appliedWrites(simulator)
        #expect(writes.count == 3 && writes.values.allSatisfy { $0 == 1 }, "\(writes)")
        await simulator.shutdown()
    }
}
