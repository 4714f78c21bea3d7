import Foundation
import OktaSimulator
import Testing
@testable import OktaClient

/// An org whose edition has no Mappings API answers 401 E0000015 (terraform-provider-okta PR
/// #1355, issue #773; docs/REAL-ORGS.md R25): the client says so by Okta's code, never as a bad
/// credential, and with a service app fetches no new token for it.
@Suite struct FeatureUnavailableTests {
    typealias F = ServiceAppFixture

    /// Fails without R25: any 401 read as a rejected API token.
    @Test func anAPITokenMeetsAnOrgWithoutTheMappingsAPI() async throws {
        var options = SimulatorOptions(seed: "fresh")
        options.mappingsAPIUnavailable = true
        let simulator = try await OktaSimulator.start(options)
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: true)
        let error = try await #require(throws: OktaError.self) { _ = try await client.all(ProfileMapping.self, "/api/v1/mappings") }
        #expect(error.problem == .mappingsAPIUnavailable)
        #expect(error.httpStatus == 401 && error.errorCode == "E0000015" && error.code == .api)
        #expect(try await client.app(id: "0oaOjMqNowS6JZTZPspC").id == "0oaOjMqNowS6JZTZPspC", "the same credentials read the rest")
        await client.shutdown()
        await simulator.shutdown()
    }

    /// Fails without R25: the client took the 401 for a revoked token, fetched another, and
    /// then called the service app's token refused.
    @Test func aServiceAppMeetsAnOrgWithoutTheMappingsAPI() async throws {
        let key = try SigningKey.generateRSA()
        var options = F.options(key: key)
        options.mappingsAPIUnavailable = true
        try await F.with(options, key: key) { simulator, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.all(ProfileMapping.self, "/api/v1/mappings") }
            #expect(error.problem == .mappingsAPIUnavailable)
            #expect(await simulator.oauthCounts()["issued"] == 1, "no new token: the token was never the problem")
        }
    }

    /// E0000015 on another endpoint: a feature the org lacks, not the credentials.
    @Test func e0000015ElsewhereIsAMissingFeature() {
        let body = Data(#"{"errorCode":"E0000015","errorSummary":"You do not have permission to access the feature you are requesting","errorCauses":[]}"#.utf8)
        let error = OktaError.fromResponse(status: 401, body: body, headers: [], method: "GET", path: "/api/v1/idps")
        #expect(error.problem == .featureUnavailable)
        let token = OktaError.fromResponse(status: 401, body: Data(#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#.utf8),
                                           headers: [], method: "GET", path: "/api/v1/mappings")
        #expect(token.problem == .credentialsRejected, "E0000011 stays a rejected token, on the mappings path too")
    }
}
