import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// A service app's admin roles are its own (R8): Okta answers 403 E0000006 for a write they
/// may not make. With `okta.roles.read` requested, apply reads them beside the org and refuses
/// the whole run before the first write, as it does for an API token's admin.
@Suite struct ServiceAppRoleTests {
    static func start(roles: [String], scopes: [String]) async throws -> (RunningSimulator, OktaClient) {
        let key = SigningKey.ephemeralP256()
        let jwk = String(decoding: try JSONSerialization.data(withJSONObject: key.publicJWK, options: [.sortedKeys]), as: UTF8.self)
        var options = SimulatorOptions(seed: "fresh")
        options.serviceApps = [SimulatedServiceApp(clientId: "0oaServiceAppRoles", publicKeys: [jwk], grantedScopes: scopes, adminRoles: roles)]
        let simulator = try await OktaSimulator.start(options)
        let settings = OAuthSettings(clientId: "0oaServiceAppRoles", key: key, keyId: nil, scopes: scopes, useDPoP: true,
                                     clientIdSource: "test", keySource: "test")
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(""), oauth: settings),
                                readOnly: false)
        return (simulator, client)
    }

    @Test func anAppAdministratorServiceAppIsRefusedBeforeTheFirstWrite() async throws {
        let (simulator, client) = try await Self.start(roles: ["APP_ADMIN"], scopes: OAuthScopes.write + ["okta.roles.read"])
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        #expect(try await client.adminRoleTypes() == ["APP_ADMIN"])
        let before = try await simulator.stateJSON()
        let refusal = try await #require(throws: ApplyRefusal.self) {
            try await Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        }
        #expect(refusal.reason == .missingAdminRole(step: .oktaAttribute, needs: ["SUPER_ADMIN", "ORG_ADMIN"], has: ["APP_ADMIN"], serviceApp: true))
        #expect(client.log.snapshot.filter { $0.method != "GET" && !$0.path.hasPrefix("/oauth2/") }.isEmpty, "no API write (token requests aside)")
        #expect(try await simulator.stateJSON() == before, "never half an apply")
    }

    /// Without `okta.roles.read` the roles are unknown, so nothing is refused up front, and Okta
    /// itself answers the write it would not allow with 403 E0000006, as the simulator does.
    @Test func withoutTheScopeOktaStillRefusesTheWrite() async throws {
        let (simulator, client) = try await Self.start(roles: ["APP_ADMIN"], scopes: OAuthScopes.write)
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        #expect(try await client.adminRoleTypes() == nil)
        let error = try await #require(throws: OktaError.self) {
            try await Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        }
        #expect(error.httpStatus == 403 && error.errorCode == "E0000006")
    }

    @Test func aSuperAdministratorServiceAppWrites() async throws {
        let (simulator, client) = try await Self.start(roles: ["SUPER_ADMIN"], scopes: OAuthScopes.write + ["okta.roles.read"])
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        let result = try await Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        #expect(result.writes.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
    }
}
