import Foundation
import OktaClient
import OktaSimulator
import Testing

/// check-user and verify as a real org answers them: over OAuth with DPoP (getUser needs
/// `okta.users.read`, docs/REAL-ORGS.md R23), and for a login holding `/`, which only the users
/// listing's filter can find (R24).
@Suite struct UserReadCommandTests {
    static let oauth = OAuthCommandTests()

    /// The `complete` seed with user 7's login holding a `/`, written to a file of its own.
    static func seedWithSlashLogin(_ login: String) throws -> String {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/OktaSimulator/Seeds")
        var seed = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: seeds.appendingPathComponent("complete.json"))) as? [String: Any])
        var users = try #require(seed["users"] as? [String: Any])
        users["logins"] = ["7": login]
        seed["users"] = users
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("slash-login-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: seed).write(to: file)
        return file.path
    }

    /// An empty login is a usage error before any request: it would be GET /api/v1/users/, a listing.
    @Test(arguments: ["", "   "])
    func anEmptyLoginIsAUsageError(login: String) async throws {
        let result = try await Binary.run(["check-user", login, "--org", "https://acme.okta.com"], environment: Binary.environment())
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("empty"))
    }

    /// Fails without R23: check-user asked for the read scopes only, and Okta answered its
    /// getUser 403 (insufficient_scope okta.users.read).
    @Test("check-user over OAuth with DPoP requests okta.users.read and reads the user")
    func checkUserOverOAuth() async throws {
        try await Self.oauth.withServiceApp(seed: "complete", scopes: OAuthScopes.read + ["okta.users.read"]) { setup in
            let result = try await Binary.run(["check-user", "user0007@example.com", "--json"],
                                              environment: Self.oauth.oauthEnvironment(setup))
            #expect(result.status == 0, "\(result.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(document["reason"] as? String == "in-sync")
            let requests = try #require(try JSONSerialization.jsonObject(with: await setup.simulator.requestsJSON()) as? [[String: Any]])
            #expect(requests.contains { ($0["path"] as? String)?.hasPrefix("/api/v1/users/user0007") == true && $0["status"] as? Int == 200 },
                    "getUser answered with the token's okta.users.read")
            #expect(await setup.simulator.oauthCounts()["issued"] == 1, "one DPoP-bound token for the whole run")
            Self.oauth.expectNoSecrets([result.stdout, result.stderr], setup)
        }
    }

    /// Fails without R23: the token was issued without the scope nobody asked for, and the
    /// 403 came later naming the simulator's wrong scope (okta.roles.read).
    @Test("check-user with a service app lacking okta.users.read says that scope is missing before any read")
    func checkUserNamesTheMissingUsersScope() async throws {
        try await Self.oauth.withServiceApp(seed: "complete", scopes: OAuthScopes.read) { setup in
            let result = try await Binary.run(["check-user", "user0007@example.com", "--json"], environment: Self.oauth.oauthEnvironment(setup))
            #expect(result.status == 1)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let error = try #require(document["error"] as? [String: Any])
            #expect(error["code"] as? String == "oauth" && error["errorCode"] as? String == "invalid_scope")
            #expect((error["message"] as? String)?.contains("okta.users.read") == true, "\(error)")
            let requests = try #require(try JSONSerialization.jsonObject(with: await setup.simulator.requestsJSON()) as? [[String: Any]])
            #expect(!requests.contains { ($0["path"] as? String)?.hasPrefix("/api/v1/") == true }, "refused at the token, before any API read")
        }
    }

    /// verify reads the app's users with their Okta users embedded: `okta.apps.read` is all it
    /// needs, so an app granted only the read scopes runs it, DPoP-bound.
    @Test("verify over OAuth with DPoP needs only the read scopes")
    func verifyOverOAuth() async throws {
        try await Self.oauth.withServiceApp(seed: "complete", scopes: OAuthScopes.read) { setup in
            let result = try await Binary.run(["verify", "--json"], environment: Self.oauth.oauthEnvironment(setup))
            #expect(result.status == 0, "\(result.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect((document["checked"] as? Int ?? 0) > 0)
            #expect(await setup.simulator.oauthCounts()["issued"] == 1)
            Self.oauth.expectNoSecrets([result.stdout, result.stderr], setup)
        }
    }

    /// Fails without R24: getUser was asked for the login's escape, which Okta (and the
    /// simulator) answers 405.
    @Test("check-user finds a login holding / with filter=profile.login eq, never getUser or search")
    func checkUserFindsASlashLogin() async throws {
        let login = "sales/desk7@example.com"
        let seed = try Self.seedWithSlashLogin(login)
        defer { try? FileManager.default.removeItem(atPath: seed) }
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed))
        let environment = Binary.environment(["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token])
        let result = try await Binary.run(["check-user", login, "--json"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["login"] as? String == login && document["reason"] as? String == "in-sync")
        let requests = try #require(try JSONSerialization.jsonObject(with: await simulator.requestsJSON()) as? [[String: Any]])
        let userReads = requests.filter { ($0["path"] as? String)?.hasPrefix("/api/v1/users") == true }
        #expect(userReads.count == 1, "\(userReads)")
        let query = (userReads.first?["query"] as? String)?.removingPercentEncoding ?? ""
        #expect(userReads.first?["path"] as? String == "/api/v1/users" && query.contains(#"filter=profile.login eq "\#(login)""#), "\(query)")
        #expect(!query.contains("search="))

        let missing = try await Binary.run(["check-user", "sales/nobody@example.com", "--json"], environment: environment)
        #expect(missing.status == 1)
        await simulator.shutdown()
    }
}
