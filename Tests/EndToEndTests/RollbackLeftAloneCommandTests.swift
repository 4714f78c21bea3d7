import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OktaSimulator
import Testing

/// Attack 5, F2: `rollback --all --yes` after an admin changed a step since this tool wrote it
/// does what the wizard does: it leaves that step (and what rests under it) alone, rolls back
/// the rest, and exits 3; `--delete-attribute-data` is asked for only when an attribute that
/// is really rolled back would be deleted.
@Suite struct RollbackLeftAloneCommandTests {
    static func start() async throws -> (RunningSimulator, [String: String], String) {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        return (simulator, OrgRecord.environment(simulator, home: home), home + "/journal.json")
    }

    static func state(_ simulator: RunningSimulator) async throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try await simulator.stateJSON()) as? [String: Any] ?? [:]
    }

    static func dialpadApp(_ state: [String: Any]) -> [String: Any]? {
        (state["apps"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "dialpad" }
    }

    /// Whether the org still has the dialpadPhone attribute on the app, on the Okta user, and in a mapping.
    static func dialpadPhone(_ simulator: RunningSimulator) async throws -> (app: Bool, user: Bool, mapping: Bool) {
        let state = try await state(simulator)
        let app = ((dialpadApp(state)?["schema"] as? [String: Any])?["custom"] as? [String: Any])?["dialpadPhone"] != nil
        let user = ((state["userSchema"] as? [String: Any])?["custom"] as? [String: Any])?["dialpadPhone"] != nil
        let mapping = (state["mappings"] as? [[String: Any]] ?? []).contains { ($0["properties"] as? [String: Any])?["dialpadPhone"] != nil }
        return (app, user, mapping)
    }

    /// An admin's change in the Admin Console, through the org's own API (as the attack did with curl).
    static func adminPost(_ simulator: RunningSimulator, _ path: String, _ body: String) async throws {
        var request = URLRequest(url: try #require(URL(string: simulator.baseURL + path)))
        request.httpMethod = "POST"
        request.setValue("SSWS " + simulator.token, forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(path)")
    }

    static func changeAppAttribute(_ simulator: RunningSimulator) async throws {
        let appId = try #require(dialpadApp(try await state(simulator))?["id"] as? String)
        try await adminPost(simulator, "/api/v1/meta/schemas/apps/\(appId)/default", """
            {"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":\
            {"title":"Phone set by the admin","description":"The admin's own words","type":"string","scope":"NONE"}}}}}
            """)
    }

    static func changeUserAttribute(_ simulator: RunningSimulator) async throws {
        try await adminPost(simulator, "/api/v1/meta/schemas/user/default", """
            {"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":\
            {"title":"Dialpad Phone","type":"string","permissions":[{"principal":"SELF","action":"READ_WRITE"}]}}}}}
            """)
    }

    /// Both attributes changed: only the mapping is rolled back, no deletion flag is needed
    /// (nothing is deleted), and the run is not done (exit 3).
    @Test(arguments: ["en", "ja"])
    func bothAttributesChangedRollsBackTheMappingAlone(language: String) async throws {
        let (simulator, environment, journal) = try await Self.start()
        let applied = try await Binary.run(["apply", "--yes", "--state-file", journal], environment: environment)
        #expect(applied.status == 3, "\(applied.stderr)")
        try await Self.changeAppAttribute(simulator)
        try await Self.changeUserAttribute(simulator)
        let result = try await Binary.run(["rollback", "--all", "--yes", "--lang", language, "--state-file", journal], environment: environment)
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        let org = try await Self.dialpadPhone(simulator)
        #expect(!org.mapping, "the mapping is rolled back")
        #expect(org.app && org.user, "both changed attributes are left alone")
        // Each step left alone is listed, with what this tool wrote for the admin to put back.
        #expect(result.stdout.contains("Dialpad Phone"), "\(result.stdout)")
        await simulator.shutdown()
    }

    /// Only the app attribute changed (N2): the mapping and the unchanged Okta attribute are
    /// rolled back (the deletion confirmed), the app attribute kept.
    @Test func appAttributeChangedRollsBackTheRest() async throws {
        let (simulator, environment, journal) = try await Self.start()
        let applied = try await Binary.run(["apply", "--yes", "--state-file", journal], environment: environment)
        #expect(applied.status == 3, "\(applied.stderr)")
        try await Self.changeAppAttribute(simulator)
        let refused = try await Binary.run(["rollback", "--all", "--yes", "--state-file", journal], environment: environment)
        #expect(refused.status == 1, "the Okta attribute is really deleted: the flag is asked for")
        #expect(try await Self.dialpadPhone(simulator) == (true, true, true), "nothing sent before the flag")
        let result = try await Binary.run(["rollback", "--all", "--yes", "--delete-attribute-data", "--state-file", journal], environment: environment)
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        let org = try await Self.dialpadPhone(simulator)
        #expect(!org.mapping && !org.user, "the rest is rolled back")
        #expect(org.app, "the changed app attribute is left alone")
        await simulator.shutdown()
    }

    /// Attack 5, F5: after `rollback --all`, `resume --yes` does not say "no write was needed"
    /// with steps missing: it says nothing of that run is left to resume (an error, exit 1),
    /// and sends nothing.
    @Test(arguments: ["en", "ja"])
    func resumeAfterRollbackAllSaysTheRunWasRolledBack(language: String) async throws {
        let (simulator, environment, journal) = try await Self.start()
        let applied = try await Binary.run(["apply", "--yes", "--state-file", journal], environment: environment)
        #expect(applied.status == 3, "\(applied.stderr)")
        let rolled = try await Binary.run(["rollback", "--all", "--yes", "--delete-attribute-data", "--state-file", journal], environment: environment)
        #expect(rolled.status == 0, "\(rolled.stdout)\n\(rolled.stderr)")
        let writes = try await OrgRecord.appliedWrites(simulator)
        let resumed = try await Binary.run(["resume", "--yes", "--lang", language, "--state-file", journal], environment: environment)
        #expect(resumed.status == 1, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(resumed.stderr.contains("dialpad-okta apply --yes"), "the hint names apply: \(resumed.stderr)")
        #expect(try await OrgRecord.appliedWrites(simulator) == writes, "nothing sent")
        #expect(try await Self.dialpadPhone(simulator) == (false, false, false))
        await simulator.shutdown()
    }
}
