import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// Issue 16, through the real binary: a stray okta.yaml, an edited journal and an org whose
/// labels carry terminal escapes.
@Suite struct HostileSurroundingsTests {
    @Test("a stray ./okta.yaml naming only orgUrl never receives the home file's token")
    func strayWorkingDirectoryFile() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome(), work = Binary.emptyHome()
        try FileManager.default.createDirectory(atPath: home + "/.okta", withIntermediateDirectories: true)
        try "okta:\n  client:\n    orgUrl: https://acme.okta.com\n    token: \(simulator.token)\n"
            .write(toFile: home + "/.okta/okta.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home + "/.okta/okta.yaml")
        try "okta:\n  client:\n    orgUrl: \(simulator.baseURL)\n".write(toFile: work + "/okta.yaml", atomically: true, encoding: .utf8)
        let result = try await Binary.run(["inspect"], environment: Binary.environment(home: home), workingDirectory: work)
        #expect(result.status == 1)
        #expect(result.stderr.contains("~/.okta/okta.yaml") && result.stderr.contains("./okta.yaml"), "\(result.stderr)")
        #expect(result.stderr.contains("only to the org it was configured with"))
        let log = try JSONSerialization.jsonObject(with: await simulator.requestsJSON()) as? [Any]
        #expect(log?.isEmpty == true, "not one request reached the stray file's host")
        await simulator.shutdown()
    }

    @Test("an edited journal cannot steer rollback to another path: refused, named, nothing sent")
    func editedJournalPath() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let environment = OrgRecord.environment(simulator, home: home)
        let stateFile = home + "/journal.json"
        let applied = try await Binary.run(["apply", "--yes", "--state-file", stateFile], environment: environment)
        #expect(applied.status == 3, "\(applied.stderr)")
        // The attacker's edit: the mapping's entry now points at a user's lifecycle.
        var journal = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stateFile))) as! [String: Any]
        var entries = journal["entries"] as! [[String: Any]]
        let index = try #require(entries.firstIndex { $0["step"] as? String == "mapping" })
        entries[index]["path"] = "/api/v1/users/00u7g1jywD78jhi5MLGZ/lifecycle/deactivate"
        journal["entries"] = entries
        try JSONSerialization.data(withJSONObject: journal).write(to: URL(fileURLWithPath: stateFile))
        let before = try await OrgRecord.state(simulator)
        let writesBefore = try await OrgRecord.appliedWrites(simulator)

        let result = try await Binary.run(["rollback", "--all", "--yes", "--delete-attribute-data", "--state-file", stateFile], environment: environment)
        #expect(result.status == 1)
        // The step by its title, as Japanese names it, not its id.
        #expect(result.stderr.contains("Mapping Dialpad → Okta user entry") && result.stderr.contains("lifecycle/deactivate"), "\(result.stderr)")
        #expect(try await OrgRecord.state(simulator) == before, "nothing was rolled back: the check comes before the first write")
        #expect(try await OrgRecord.appliedWrites(simulator) == writesBefore)
        await simulator.shutdown()
    }

    @Test("an edited journal naming another app cannot make rollback restore that app's mapping")
    func editedJournalApp() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "complete"))
        let home = Binary.emptyHome()
        let environment = OrgRecord.environment(simulator, home: home)
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: true)
        let workday = try #require(try await client.searchApps(q: "Workday").first)
        let mapping = try #require(try await client.mappings(sourceId: workday.id).first { $0.target.type == "user" })
        await client.shutdown()
        // A journal that claims this tool changed Workday's mapping, with a before-image of the attacker's choosing.
        let journal = #"{"version":1,"org":"\#(simulator.baseURL)","appId":"\#(workday.id)","entries":[{"step":"mapping","method":"POST","path":"/api/v1/mappings/\#(mapping.id)","body":{},"before":{"expression":"appuser.attacker","pushStatus":"PUSH"},"after":{"expression":"appuser.email","pushStatus":"PUSH"},"outcome":"done","at":"x"}]}"#
        try journal.write(toFile: home + "/journal.json", atomically: true, encoding: .utf8)
        let before = try await OrgRecord.state(simulator)
        let result = try await Binary.run(["rollback", "--all", "--yes", "--state-file", home + "/journal.json"], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("which is not a Dialpad app") && result.stderr.contains(workday.id), "\(result.stderr)")
        #expect(try await OrgRecord.state(simulator) == before)
        #expect(try await OrgRecord.appliedWrites(simulator).isEmpty)
        await simulator.shutdown()
    }

    @Test("labels with OSC, CSI and bidi characters are shown escaped by inspect; --json keeps them exact")
    func escapesInLabels() async throws {
        let home = Binary.emptyHome()
        let hostile = "Dialpad\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}X"
        let seed = try BadInputTests.editedSeed({ seed in
            var apps = seed["apps"] as! [[String: Any]]
            apps[0]["label"] = "Dialpad\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}X"
            seed["apps"] = apps
        }, home: home)
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed))
        let environment = OrgRecord.environment(simulator, home: home)
        let human = try await Binary.run(["inspect"], environment: environment)
        #expect(human.status == 3, "\(human.stderr)")
        #expect(!human.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" })
        #expect(human.stdout.contains("Dialpad<U+001B>]0;pwned<U+0007><U+001B>[2J<U+202E>X"), "\(human.stdout)")
        let json = try await Binary.run(["inspect", "--json"], environment: environment)
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((document?["app"] as? [String: Any])?["label"] as? String == hostile)
        await simulator.shutdown()
    }
}

/// Issue 11: an org that shows schema writes seconds late (R5) gives the same end as a consistent one.
@Suite struct LateWritesTests {
    @Test("apply --yes with writes shown 8 s late ends as on a consistent org, saying what it waits for")
    func applyWaitsForLateWrites() async throws {
        let consistent = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let referenceHome = Binary.emptyHome()
        let reference = try await Binary.run(["apply", "--yes", "--state-file", referenceHome + "/journal.json"],
                                             environment: OrgRecord.environment(consistent, home: referenceHome))
        #expect(reference.status == 3)
        let referenceState = try await OrgRecord.state(consistent)
        await consistent.shutdown()

        var options = SimulatorOptions(seed: "fresh")
        options.consistencyDelayMs = 8_000
        let late = try await OktaSimulator.start(options)
        let home = Binary.emptyHome()
        let result = try await Binary.run(["apply", "--yes", "--state-file", home + "/journal.json"], environment: OrgRecord.environment(late, home: home))
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").contains { $0.hasPrefix("warning: ") && $0.contains("waiting for it to show in reads") },
                "\(result.stderr)")
        try await Task.sleep(for: .milliseconds(8_500))
        #expect(try await OrgRecord.state(late) == referenceState, "the org ends exactly as on a consistent org")
        await late.shutdown()
    }
}
