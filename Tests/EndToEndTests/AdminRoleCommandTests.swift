import Foundation
import OktaClient
import OktaSimulator
import Testing

/// docs/REAL-ORGS.md R28 on the command line: an Org Administrator's apply goes on to
/// Okta's answer (never refused up front), Okta refuses the app attribute for the role, and
/// the error names the roles the spec accepts and the exact rollback command, which works as
/// printed; the plan shows each write's roles before anything is sent.
@Suite struct AdminRoleCommandTests {
    static func userAttribute(_ simulator: RunningSimulator) async throws -> SchemaAttribute? {
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: true)
        defer { Task { await client.shutdown() } }
        return try await client.defaultUserSchema().customProperties["dialpadPhone"]
    }

    /// Fails on the old code, which refused the run before the first write.
    @Test(arguments: ["en", "ja"])
    func anOrgAdministratorsRunReachesOktaAndIsOfferedItsRollback(language: String) async throws {
        var options = SimulatorOptions(seed: "fresh")
        options.adminRoles = ["ORG_ADMIN"]
        let simulator = try await OktaSimulator.start(options)
        defer { Task { await simulator.shutdown() } }
        let home = Binary.emptyHome()
        let journal = home + "/journal.json"
        let environment = OrgRecord.environment(simulator, home: home)
        let result = try await Binary.run(["apply", "--yes", "--lang", language, "--state-file", journal], environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try await OrgRecord.appliedWrites(simulator) == ["/api/v1/meta/schemas/user/default": 1], "Okta took the Okta attribute only")
        // The roles the spec accepts for the refused write, as Okta names them, in either language.
        #expect(result.stderr.contains("SUPER_ADMIN") && result.stderr.contains("API_ACCESS_MANAGEMENT_ADMIN") && result.stderr.contains("APP_ADMIN"))
        #expect(result.stderr.contains("E0000006"))
        let expected = "dialpad-okta rollback --all --yes --delete-attribute-data --org \(simulator.baseURL) --state-file \(journal)"
        let line = try #require(result.stderr.split(separator: "\n").first { $0.contains("dialpad-okta rollback") }, "\(result.stderr)")
        let command = String(line[line.range(of: "dialpad-okta rollback")!.lowerBound...])
        #expect(command == expected)
        #expect(try await Self.userAttribute(simulator) != nil, "nothing is rolled back by itself")

        // The command as printed puts the org back.
        let words = command.split(separator: " ").dropFirst().map(String.init)
        let rollback = try await Binary.run(words, environment: environment)
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(try await Self.userAttribute(simulator) == nil)
    }

    /// `plan` shows each write's roles, from the spec: the mapping's spec names none.
    @Test func thePlanShowsEachWritesRoles() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        defer { Task { await simulator.shutdown() } }
        let result = try await Binary.run(["plan"], environment: OrgRecord.environment(simulator, home: Binary.emptyHome()))
        let roles = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("admin roles:") }
        #expect(roles == ["admin roles: Super, API Access Management, Org, App",
                          "admin roles: Super, API Access Management, App",
                          "admin roles: none named in Okta's spec"], "\(result.stdout)")
    }
}
