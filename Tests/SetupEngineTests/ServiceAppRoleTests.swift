import Foundation
import OktaClient
import OktaSimulator
@testable import SetupEngine
import Testing

/// docs/REAL-ORGS.md R8, R28: a run never refuses up front for a role (only a Super
/// Administrator may list roles, so a run cannot know them); Okta answers each write, and a
/// write refused for the role names the roles the spec accepts, what landed, and the exact
/// rollback command.
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

    static func startWithToken(roles: [String]) async throws -> (RunningSimulator, OktaClient) {
        var options = SimulatorOptions(seed: "fresh")
        options.adminRoles = roles
        let simulator = try await OktaSimulator.start(options)
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        return (simulator, client)
    }

    /// The spec lets App Administrators write the Okta user schema (updateUserProfile) and
    /// names no role for the mapping: the run goes on to Okta's answers and they all succeed.
    /// It fails on the old code, which refused the run up front from a hand-kept table.
    @Test func anAppAdministratorServiceAppWritesWhatTheSpecAllows() async throws {
        let (simulator, client) = try await Self.start(roles: ["APP_ADMIN"], scopes: OAuthScopes.write + ["okta.roles.read"])
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        let result = try await Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        #expect(result.writes.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
        #expect(!client.log.snapshot.contains { $0.path.hasSuffix("/roles") }, "no role listing: only a Super Administrator may read it")
    }

    /// An Org Administrator's token: Okta takes the Okta attribute and refuses the app
    /// attribute (updateApplicationUserProfile names API_ACCESS_MANAGEMENT_ADMIN and APP_ADMIN).
    /// The error names those roles, the write that landed and the command that undoes it; that
    /// command's rollback puts the org back as it was.
    @Test func anOrgAdministratorIsRefusedByOktaAndOfferedTheRollback() async throws {
        let (simulator, client) = try await Self.startWithToken(roles: ["ORG_ADMIN"])
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        func attribute() async throws -> SchemaAttribute? {
            try await Observer(client: client).observe().userSchema.customProperties["dialpadPhone"]
        }
        #expect(try await attribute() == nil)
        let url = ExecutorTests.stateURL()
        let executor = Executor(client: client, store: JournalStore(url: url))
        let refusal = try await #require(throws: RoleRefusedWrite.self) { try await executor.apply(appId: nil) }
        #expect(refusal.step == .appAttribute)
        #expect(refusal.rolesAccepted == ["SUPER_ADMIN", "API_ACCESS_MANAGEMENT_ADMIN", "APP_ADMIN"])
        #expect(refusal.landed == [.oktaAttribute])
        #expect(refusal.serviceApp == false)
        #expect(refusal.rollbackCommand == "dialpad-okta rollback --all --yes --delete-attribute-data --org \(client.org.description) --state-file \(url.path)")
        #expect(!client.log.snapshot.contains { $0.method == "POST" && $0.path.hasPrefix("/api/v1/mappings") }, "nothing after the refusal")
        #expect(try await attribute() != nil, "the Okta attribute landed and stays: no automatic rollback")

        // What the named command does (--all, --delete-attribute-data).
        let undone = try await executor.rollback(steps: nil, deleteAttributeData: true)
        #expect(undone.map(\.step) == [.oktaAttribute])
        #expect(try await attribute() == nil)
    }

    /// A refusal before anything landed offers no rollback.
    @Test func aReadOnlyAdministratorIsRefusedWithNothingWritten() async throws {
        let (simulator, client) = try await Self.startWithToken(roles: ["READ_ONLY_ADMIN"])
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        let refusal = try await #require(throws: RoleRefusedWrite.self) {
            try await Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        }
        #expect(refusal.landed.isEmpty && refusal.rollbackCommand == nil)
        #expect([StepID.oktaAttribute, .appAttribute].contains(refusal.step))
    }

    /// A 403 that is the token's scopes (Okta's challenge names one) stays a scope error.
    @Test func aScopeRefusalIsNotReadAsARole() throws {
        let scope = OktaError(code: .api, httpStatus: 403, errorCode: "E0000006", problem: .missingScope(scope: "okta.schemas.manage"))
        #expect(RoleRefusedWrite.explaining(scope, step: .oktaAttribute, landed: [], org: "https://a.okta.com", journal: "/j", serviceApp: true) is OktaError)
        let role = OktaError(code: .api, httpStatus: 403, errorCode: "E0000006", problem: .serviceAppRoleTooWeak)
        #expect(RoleRefusedWrite.explaining(role, step: .oktaAttribute, landed: [], org: "https://a.okta.com", journal: "/j", serviceApp: true) is RoleRefusedWrite)
    }

    @Test func aSuperAdministratorServiceAppWrites() async throws {
        let (simulator, client) = try await Self.start(roles: ["SUPER_ADMIN"], scopes: OAuthScopes.write + ["okta.roles.read"])
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        let result = try await Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        #expect(result.writes.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
    }

    @Test func commandWordsAreQuotedForTheShell() {
        #expect(ShellWord.quoted("/tmp/a b/it's.json") == #"'/tmp/a b/it'\''s.json'"#)
        #expect(ShellWord.quoted("https://acme.okta.com") == "https://acme.okta.com")
    }
}
