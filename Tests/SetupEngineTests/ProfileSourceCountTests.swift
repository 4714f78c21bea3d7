import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// Counting the org's other profile sources on real orgs: identity providers among the
/// mapping sources (docs/REAL-ORGS.md R1), every app mapping into Okta users (R2).
@Suite struct ProfileSourceCountTests {
    @Test("an identity provider that sources Okta users is counted beside the apps")
    func identityProviderCounted() async throws {
        let result = try await inspect(seed: "complete")
        #expect(result.observation.otherProfileSources.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.app, .identityProvider])
        #expect(Set(result.observation.otherProfileSources.map(\.label)) == ["Workday", "Corporate SAML"])
        #expect(result.observation.uncountedSources.isEmpty)
        let step = try #require(result.steps.first { $0.id == .profileSource })
        #expect(step.status == .ok)
        #expect(step.otherProfileSources?.count == 2, "inspect --json carries the sources as data")
    }

    /// The goal of issue 11: at most 20 requests on 2,000 apps that all map into Okta users.
    @Test("enterprise: 2,000 apps counted in at most 20 requests")
    func enterpriseRequests() async throws {
        let result = try await inspect(seed: "enterprise")
        #expect(result.requests <= 20, "\(result.requests) requests")
        #expect(Set(result.observation.otherProfileSources.map(\.label)) == ["Workday", "Corporate SAML"])
        #expect(result.steps.map(\.status) == [.missing, .missing, .blocked, .blocked, .manual, .blocked, .blocked])
        #expect(result.stateUnchanged)
    }

    /// A service app without `okta.idps.read`: the identity provider's mapping source is not
    /// read as an app (Okta answers 404 for it), and the count says what it left out.
    @Test("without okta.idps.read: no failure on the identity provider's mapping, and the count says what it left out")
    func identityProvidersUnreadable() async throws {
        let key = SigningKey.ephemeralP256()
        let jwk = String(decoding: try JSONSerialization.data(withJSONObject: key.publicJWK, options: [.sortedKeys]), as: UTF8.self)
        var options = SimulatorOptions(seed: "large")
        options.serviceApps = [SimulatedServiceApp(clientId: "0oaServiceApp7Dialpad", publicKeys: [jwk], grantedScopes: OAuthScopes.read)]
        let simulator = try await OktaSimulator.start(options)
        let settings = OAuthSettings(clientId: "0oaServiceApp7Dialpad", key: key, keyId: nil, scopes: nil, useDPoP: true,
                                     clientIdSource: "test", keySource: "test")
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(""), oauth: settings),
                                readOnly: true)
        defer { Task { await client.shutdown(); await simulator.shutdown() } }
        let observation = try await Observer(client: client).observe()
        #expect(observation.uncountedSources == [.identityProvider])
        #expect(observation.otherProfileSources.allSatisfy { $0.kind == .app })
        let step = try #require(Planner.plan(observation).first { $0.id == .profileSource })
        #expect(step.uncountedSources == [.identityProvider])
    }

    @Test("a profile source with nothing else counted is a conflict only when every kind of source was read")
    func unknownIsNotConflict() {
        var app = OktaApp(id: "0oaDIALPAD", name: "dialpad", label: "Dialpad", features: ["PROFILE_MASTERING"])
        let known = Planner.plan(observation(app: app, uncounted: [])).first { $0.id == .profileSource }
        #expect(known?.status == .conflict)
        let unknown = Planner.plan(observation(app: app, uncounted: [.identityProvider])).first { $0.id == .profileSource }
        #expect(unknown?.status == .manual)
        let confirmed = Planner.plan(observation(app: app, uncounted: [.identityProvider]),
                                     confirmations: [Confirmation(step: .profileSource, choice: .doNothingLowestPriority, at: "2026-11-29T00:00:00Z")])
            .first { $0.id == .profileSource }
        #expect(confirmed?.status == .ok && confirmed?.unverified?.isEmpty == false)
        app.features = []
        let notYet = Planner.plan(observation(app: app, uncounted: [.identityProvider])).first { $0.id == .profileSource }
        #expect(notYet?.status == .manual)
    }

    func observation(app: OktaApp, uncounted: [ProfileSource.Kind]) -> Observation {
        Observation(org: "https://acme.okta.com", app: app, userType: UserType(id: "otyX"), userSchema: UserSchema(definitions: nil),
                    appSchema: UserSchema(definitions: nil), inboundMapping: nil, otherProfileSources: [], uncountedSources: uncounted, userSample: nil)
    }
}

/// docs/REAL-ORGS.md R7: orgs have several user types; the procedure maps into the default one.
@Suite struct UserTypeTests {
    @Test("assigned Dialpad users of other user types are counted, by type, once the sample is read")
    func otherTypesCounted() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "enterprise"))
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        let store = JournalStore(url: FileManager.default.temporaryDirectory.appendingPathComponent("types-\(UUID().uuidString)/journal.json"))
        do {
            let result = try await Executor(client: client, store: store).apply(appId: nil, planWasShown: false)
            #expect(result.observation.userTypes.count == 3)
            let existing = try #require(result.steps.first { $0.id == .existingUsers })
            let shares = try #require(existing.otherUserTypes)
            #expect(Set(shares.map(\.name)) == ["Contractor", "Partner"])
            #expect(shares.allSatisfy { $0.users > 0 })
            let sample = try #require(result.observation.userSample)
            #expect(shares.map(\.users).reduce(0, +) < sample.checked, "most sampled users have the default type")
        } catch {
            await client.shutdown()
            await simulator.shutdown()
            throw error
        }
        await client.shutdown()
        await simulator.shutdown()
    }
}
