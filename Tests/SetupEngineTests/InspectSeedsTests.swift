import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// Runs the real observer over real HTTP against a simulated org.
func inspect(seed: String, latencyMs: Int = 0, appId: String? = nil)
    async throws -> (observation: Observation, steps: [StepReport], requests: Int, waves: Int, stateUnchanged: Bool) {
    let simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed, latencyMs: latencyMs))
    let before = try await simulator.stateJSON()
    let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                            readOnly: true)
    do {
        let observation = try await Observer(client: client).observe(appId: appId)
        let after = try await simulator.stateJSON()
        await client.shutdown()
        await simulator.shutdown()
        return (observation, Planner.plan(observation), client.log.requestCount, client.log.waves, before == after)
    } catch {
        await client.shutdown()
        await simulator.shutdown()
        throw error
    }
}

struct SeedExpectation: Sendable, CustomTestStringConvertible {
    var seed: String
    var statuses: [StepStatus]
    var testDescription: String { seed }
}

@Suite struct InspectSeedsTests {
    static let expectations: [SeedExpectation] = [
        SeedExpectation(seed: "fresh", statuses: [.missing, .missing, .blocked, .blocked, .manual, .blocked, .blocked]),
        SeedExpectation(seed: "partial", statuses: [.ok, .ok, .missing, .blocked, .manual, .blocked, .blocked]),
        SeedExpectation(seed: "conflict", statuses: [.conflict, .missing, .conflict, .blocked, .manual, .blocked, .blocked]),
        SeedExpectation(seed: "complete", statuses: [.ok, .ok, .ok, .ok, .ok, .ok, .ok]),
        SeedExpectation(seed: "no-app", statuses: [.missing, .blocked, .blocked, .blocked, .blocked, .blocked, .blocked]),
        SeedExpectation(seed: "large", statuses: [.missing, .missing, .blocked, .blocked, .manual, .blocked, .blocked]),
        SeedExpectation(seed: "push-only", statuses: [.missing, .missing, .blocked, .blocked, .manual, .blocked, .blocked]),
    ]

    @Test("every step state on every seed", arguments: expectations)
    func stepStates(expectation: SeedExpectation) async throws {
        let result = try await inspect(seed: expectation.seed)
        #expect(result.steps.map(\.id) == StepID.allCases)
        #expect(result.steps.map(\.status) == expectation.statuses)
        #expect(result.stateUnchanged, "inspect must not change the org")
    }

    @Test func ambiguousSeedListsBothCandidates() async throws {
        let error = try await #require(throws: AppLookupError.self) { try await inspect(seed: "ambiguous") }
        #expect(error.candidates.count == 2)
        #expect(Set(error.candidates.map(\.id)).count == 2)
        #expect(error.reason == .severalDialpadApps(candidates: error.candidates))
    }

    @Test func ambiguousSeedResolvedByAppId() async throws {
        let result = try await inspect(seed: "ambiguous", appId: "0oaOjMqNowS6JZTZPspC")
        #expect(result.observation.app?.id == "0oaOjMqNowS6JZTZPspC")
        #expect(result.steps[0].status == .missing)
    }

    @Test func unknownAppIdIsAnError() async throws {
        let error = try await #require(throws: AppLookupError.self) { try await inspect(seed: "fresh", appId: "0oaDoesNotExist00000") }
        #expect(error.reason == .noAppWithId(appId: "0oaDoesNotExist00000"))
    }

    @Test func completeSeedCountsTheOtherProfileSource() async throws {
        let result = try await inspect(seed: "complete")
        #expect(Set(result.observation.otherProfileSources.map(\.displayName)) == ["Workday", "Corporate SAML"])
        let profileSource = try #require(result.steps.first { $0.id == .profileSource })
        #expect(profileSource.unverified?.isEmpty == false, "what the API cannot show is named, not claimed")
        #expect(result.observation.userSample?.withNumber == 50)
        #expect(result.observation.userSample?.synced == 50)
    }

    /// The floor is three dependent waves (see `Observer`); with latency added, waves are measured
    /// from the request timeline, not assumed. The latency is large enough that a busy CI machine
    /// starting sibling requests late (28 of them on `large`, while decoding big pages) cannot
    /// make them look dependent: 300 ms was not, once, with the whole suite running.
    @Test("inspect stays on the three-wave floor", arguments: ["fresh", "complete", "large"])
    func wavesAndRequests(seed: String) async throws {
        let result = try await inspect(seed: seed, latencyMs: 1000)
        #expect(result.waves == 3)
        switch seed {
        case "fresh": #expect(result.requests == 9)    // (app, type, schema, apps, identity providers) + (app schema, mappings, app users) + mapping
        case "complete": #expect(result.requests == 9) // as fresh: the same reads
        default: #expect(result.requests <= 40)
        }
    }
}
