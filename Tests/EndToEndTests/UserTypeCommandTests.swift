import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
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

    /// The org's custom types by name, as `plan --json --user-type nope` lists them (its own code).
    static func types(_ environment: [String: String]) async throws -> [String: String] {
        let unknown = try await Binary.run(["plan", "--json", "--user-type", "nope"], environment: environment)
        let error = try #require(try Self.json(unknown.stdout)["error"] as? [String: Any])
        #expect(error["code"] as? String == "unknown-user-type", "\(unknown.stdout)")
        let listed = try #require(error["userTypes"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: listed.compactMap { type in (type["name"] as? String).flatMap { name in (type["id"] as? String).map { (name, $0) } } })
    }

    @Test("a type whose schema has another dialpadPhone is named with its conflict by plan, apply and inspect (text en/ja, --json), never advised the command just run; plan's copy-paste line repeats --user-type")
    func typeConflictNamedAndPlanLineRepeatsTypes() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "enterprise"))
        let home = Binary.emptyHome()
        let environment = Binary.environment(["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token,
                                              "XDG_STATE_HOME": home + "/state"], home: home)
        let types = try await Self.types(environment)
        let contractor = try #require(types["Contractor"]), partner = try #require(types["Partner"])

        // F3: the printed command sends that very plan.
        let planned = try await Binary.run(["plan", "--user-type", partner], environment: environment)
        let line = try #require(planned.stdout.split(separator: "\n").first { $0.contains("apply --yes --plan") })
        let command = try #require(line.range(of: "dialpad-okta ").map { line[$0.upperBound...] })
        #expect(command.hasSuffix("--user-type \(partner)"), "\(line)")
        let sent = try await Binary.run(command.split(separator: " ").map(String.init), environment: environment)
        #expect(sent.status == 3, "the plan it names is the one apply finds: \(sent.stderr)")

        // F1: Contractor's schema gets a dialpadPhone of another kind.
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        let body = ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"type":"integer","title":"Phone"}},"required":[]}}}"##
        _ = try await client.send(.POST, url: client.url("/api/v1/meta/schemas/user/osc" + contractor.dropFirst(3)), body: Data(body.utf8))
        await client.shutdown()

        for command in [["plan"], ["inspect"], ["apply", "--yes"]] {
            for language in ["en", "ja"] {
                let run = try await Binary.run(command + ["--lang", language, "--user-type", contractor], environment: environment)
                #expect(run.status == 3, "\(command) \(language): \(run.stderr)")
                let heading = language == "en" ? "User type Contractor (\(contractor))" : "ユーザータイプ Contractor（\(contractor)）"
                #expect(run.stdout.contains(heading), "\(command) \(language): \(run.stdout)")
                #expect(!run.stdout.contains("--user-type \(contractor) does") && !run.stdout.contains("`dialpad-okta apply --user-type \(contractor)`"),
                        "\(command) \(language): never the command just run")
            }
            let json = try await Binary.run(command + ["--json", "--user-type", contractor], environment: environment)
            let document = try Self.json(json.stdout)
            let listed = try #require(document["userTypes"] as? [[String: Any]], "\(command): \(json.stdout)")
            let steps = try #require(listed.first { $0["id"] as? String == contractor }?["steps"] as? [[String: Any]])
            #expect(steps.first { $0["id"] as? String == "okta-attribute" }?["status"] as? String == "conflict", "\(command)")
            #expect(document["complete"] as? Bool == false)
        }
        await simulator.shutdown()
    }

    @Test("apply without --user-type after apply --user-type carries the journal's types on, saying so, and keeps them in the journal")
    func plainApplyCarriesTheJournalsTypes() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "enterprise"))
        let home = Binary.emptyHome()
        let stateFile = home + "/journal.json"
        let environment = Binary.environment(["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token,
                                              "XDG_STATE_HOME": home + "/state"], home: home)
        let partner = try #require(try await Self.types(environment)["Partner"])
        let first = try await Binary.run(["apply", "--yes", "--user-type", partner, "--state-file", stateFile], environment: environment)
        #expect(first.status == 3, "\(first.stderr)")
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        let app = try #require(try await Observer(client: client).observe().app)
        _ = try await client.send(.POST, url: client.url("/simulator/v1/console/apps/\(app.id)/profile-sourcing"),
                                  body: Data(#"{"enabled":true,"deactivationAction":"NONE"}"#.utf8))
        await client.shutdown()

        let second = try await Binary.run(["apply", "--yes", "--json", "--state-file", stateFile], environment: environment)
        #expect(second.stderr.contains("carries them on") && second.stderr.contains(partner), "\(second.stderr)")
        let writes = try #require(try Self.json(second.stdout)["writes"] as? [[String: Any]])
        #expect(Set(writes.filter { $0["userType"] as? String == partner }.compactMap { $0["step"] as? String }) == ["push-status", "source-priority"])
        let journal = try Self.json(try String(contentsOfFile: stateFile, encoding: .utf8))
        #expect(journal["userTypes"] as? [String] == [partner])
        await simulator.shutdown()
    }
}
