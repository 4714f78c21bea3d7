import Foundation
import OktaSimulator
import Testing

@Suite struct ApplyCommandTests {
    @Test func applyWithoutYesOffATerminalRefusesAndChangesNothing() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let before = try await simulator.stateJSON()
        let result = try await Binary.run(["apply"], environment: Binary.environment(
            ["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token]))
        #expect(result.status == 2)
        #expect(result.stderr.contains("--yes"))
        #expect(try await simulator.stateJSON() == before)
        await simulator.shutdown()
    }

    @Test func applyStopsAtTheAdminConsoleStepsThenIsIdempotent() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let environment = Binary.environment(["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token,
                                              "XDG_STATE_HOME": home + "/state"], home: home)
        let first = try await Binary.run(["apply", "--yes", "--json"], environment: environment)
        #expect(first.status == 3, "stops at a manual step: \(first.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let writes = try #require(document["writes"] as? [[String: Any]])
        #expect(writes.compactMap { $0["step"] as? String } == ["okta-attribute", "app-attribute", "mapping"])
        let stateFile = try #require(document["stateFile"] as? String)
        #expect(stateFile.hasPrefix(home + "/state/dialpad-okta/"))
        #expect(!(try String(contentsOfFile: stateFile, encoding: .utf8)).contains(simulator.token))

        let after = try await simulator.stateJSON()
        let second = try await Binary.run(["apply", "--yes", "--json"], environment: environment)
        #expect(second.status == 3)
        let again = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect((again["writes"] as? [Any])?.isEmpty == true)
        #expect(try await simulator.stateJSON() == after, "a second apply changes nothing")
        await simulator.shutdown()
    }

    @Test func applyWithThePlansFingerprintSendsItAndAStaleOneSendsNothing() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let environment = Binary.environment(["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token,
                                              "XDG_STATE_HOME": home + "/state"], home: home)
        let plan = try await Binary.run(["plan", "--json"], environment: environment)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let fingerprint = try #require(document["fingerprint"] as? String)
        let planned = try #require(document["writes"] as? [[String: Any]]).compactMap { $0["path"] as? String }

        // A plan the org no longer gives (made before another admin's change, say): nothing is sent.
        let before = try await simulator.stateJSON()
        let stale = try await Binary.run(["apply", "--yes", "--plan", "0000000000000000"], environment: environment)
        #expect(stale.status == 1, "\(stale.stderr)")
        #expect(stale.stderr.contains("0000000000000000") && stale.stderr.contains(fingerprint), "both plans named")
        #expect(try await simulator.stateJSON() == before, "nothing sent")

        let applied = try await Binary.run(["apply", "--yes", "--json", "--plan", fingerprint], environment: environment)
        #expect(applied.status == 3, "\(applied.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any])
        #expect(try #require(result["writes"] as? [[String: Any]]).compactMap { $0["path"] as? String } == planned)
        await simulator.shutdown()
    }

    /// The procedure's last step, from the command line: exit 0 when the Okta profile holds the
    /// number, 3 when not (saying why), in English and Japanese.
    @Test func checkUserExitsByWhetherTheNumberIsInOkta() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "complete"))
        let environment = Binary.environment(["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token])
        let synced = try await Binary.run(["check-user", "user0007@example.com", "--json"], environment: environment)
        #expect(synced.status == 0, "\(synced.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(synced.stdout.utf8)) as? [String: Any])
        #expect(document["reason"] as? String == "in-sync" && document["oktaNumber"] as? String == document["appUserNumber"] as? String)
        let unassigned = try await Binary.run(["check-user", "user0055@example.com"], environment: environment)
        #expect(unassigned.status == 3)
        #expect(unassigned.stdout.contains("not assigned to Dialpad"))
        let japanese = try await Binary.run(["check-user", "user0055@example.com", "--lang", "ja"], environment: environment)
        #expect(japanese.status == 3 && japanese.stdout.contains("割り当てられていない"))
        let missing = try await Binary.run(["check-user", "nobody@example.com"], environment: environment)
        #expect(missing.status == 1 && missing.stderr.contains("nobody"))
        await simulator.shutdown()
    }
}
