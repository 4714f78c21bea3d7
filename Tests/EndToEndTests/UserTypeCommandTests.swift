import Foundation
import OktaSimulator
import Testing

/// docs/REAL-ORGS.md R30 on the command line: `inspect` names the types of Dialpad's users and
/// the command for them, `apply --user-type ID` sets them up, an unknown id writes nothing.
@Suite struct UserTypeCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("inspect offers --user-type for Dialpad users of another type; apply --user-type writes that type's attribute and mapping; an unknown id writes nothing, in both languages")
    func applyForAnotherUserType() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "enterprise"))
        let home = Binary.emptyHome()
        let environment = Binary.environment(["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token,
                                              "XDG_STATE_HOME": home + "/state"], home: home)
        let inspect = try await Binary.run(["inspect", "--json"], environment: environment)
        let steps = try #require(try Self.json(inspect.stdout)["steps"] as? [[String: Any]])
        let existing = try #require(steps.first { $0["id"] as? String == "existing-users" })
        let shares = try #require(existing["otherUserTypes"] as? [[String: Any]])
        let contractor = try #require(shares.first { $0["name"] as? String == "Contractor" }?["typeId"] as? String)
        #expect((existing["reason"] as? String)?.contains("--user-type \(contractor)") == true)

        let before = try await simulator.stateJSON()
        for language in ["en", "ja"] {
            let unknown = try await Binary.run(["apply", "--yes", "--lang", language, "--user-type", "otyNoSuchType000000"], environment: environment)
            #expect(unknown.status == 1, "\(unknown.stderr)")
            #expect(unknown.stderr.contains("otyNoSuchType000000") && unknown.stderr.contains(contractor), "\(language): \(unknown.stderr)")
        }
        #expect(try await simulator.stateJSON() == before, "nothing written")

        let applied = try await Binary.run(["apply", "--yes", "--json", "--user-type", contractor], environment: environment)
        #expect(applied.status == 3, "stops at the Admin Console steps: \(applied.stderr)")
        let writes = try #require(try Self.json(applied.stdout)["writes"] as? [[String: Any]])
        let forType = writes.filter { $0["userType"] as? String == contractor }
        #expect(forType.compactMap { $0["step"] as? String } == ["okta-attribute", "mapping"])
        #expect(forType.first?["path"] as? String == "/api/v1/meta/schemas/user/osc" + contractor.dropFirst(3))
        #expect(writes.filter { $0["userType"] == nil }.compactMap { $0["step"] as? String } == ["okta-attribute", "app-attribute", "mapping"])

        // inspect --user-type reads the type's schema and mapping too (two waves' worth, beside the default type's).
        let plain = try Self.json(try await Binary.run(["inspect", "--json"], environment: environment).stdout)
        let typed = try await Binary.run(["inspect", "--json", "--user-type", contractor], environment: environment)
        #expect(typed.status == 3, "\(typed.stderr)")
        let plainRequests = try #require(plain["requests"] as? Int), typedRequests = try #require(try Self.json(typed.stdout)["requests"] as? Int)
        #expect(typedRequests == plainRequests + 3, "the type's schema, its mapping listed and read")
        await simulator.shutdown()
    }
}
