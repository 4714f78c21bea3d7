import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// The planned writes are sent, as planned, to the simulated org: Okta's own rules (as
/// the simulator enforces them) accept them and the steps turn `ok`.
@Suite struct WritePlannerTests {
    struct Org {
        var simulator: RunningSimulator
        var client: OktaClient

        static func start(_ seed: String) async throws -> Org {
            let simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed))
            let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL),
                                                                     token: Secret(simulator.token)), readOnly: false)
            return Org(simulator: simulator, client: client)
        }

        func observe() async throws -> Observation { try await Observer(client: client).observe() }

        func send(_ writes: [PlannedWrite]) async throws {
            for write in writes {
                _ = try await client.send(.POST, url: client.url(write.path), body: JSONEncoder.okta.encode(write.body))
            }
        }

        /// An Admin Console action (no public API), through the simulator's console endpoint.
        func console(_ path: String, _ body: String = "{}") async throws {
            _ = try await client.send(.POST, url: client.url("/simulator/v1/console/" + path), body: Data(body.utf8))
        }

        func stop() async {
            await client.shutdown()
            await simulator.shutdown()
        }
    }

    @Test func freshOrgReachesCompleteThroughPlannedWritesAndConsoleActions() async throws {
        let org = try await Org.start("fresh")
        defer { Task { await org.stop() } }

        let first = WritePlanner.writes(for: try await org.observe())
        #expect(first.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
        try await org.send(first)

        var observation = try await org.observe()
        var statuses = Planner.plan(observation).map(\.status)
        #expect(Array(statuses.prefix(3)) == [.ok, .ok, .ok])
        #expect(statuses[3] == .blocked && ExistingUsersStep.awaitsImport(observation),
                "the numbers await an import from Dialpad (R3), asked for once Dialpad sources the attribute (R4, issue 23 §1)")
        #expect(observation.userSample?.withNumber == 0, "app users get Dialpad's numbers only with an import")
        #expect(WritePlanner.writes(for: observation).isEmpty, "PUSH and the override wait for profile sourcing")

        // Import Now: the app users get their numbers; Okta users do not, Dialpad sources nothing yet (R4).
        let appId = try #require(observation.app?.id)
        try await org.console("apps/\(appId)/import")
        observation = try await org.observe()
        #expect(observation.userSample?.withNumber == 50 && observation.userSample?.synced == 0)
        #expect(Planner.plan(observation)[3].status == .blocked, "Apply updates now would change nothing yet")
        let mappingId = try #require(observation.inboundMapping?.id)
        try await org.console("mappings/\(mappingId)/apply-updates")
        #expect(try await org.observe().userSample?.synced == 0, "another source owns dialpadPhone for them")

        try await org.console("apps/\(appId)/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
        observation = try await org.observe()
        let second = WritePlanner.writes(for: observation)
        #expect(second.map(\.step) == [.pushStatus, .sourcePriority])
        try await org.send(second)
        #expect(Planner.plan(try await org.observe())[3].status == .manual, "Dialpad sources dialpadPhone now: Apply updates now fills it")

        try await org.console("mappings/\(mappingId)/apply-updates")
        statuses = Planner.plan(try await org.observe()).map(\.status)
        #expect(statuses == Array(repeating: .ok, count: 7))
    }

    @Test func secondPlanAfterApplyIsEmpty() async throws {
        let org = try await Org.start("partial")
        defer { Task { await org.stop() } }
        let writes = WritePlanner.writes(for: try await org.observe())
        #expect(writes.map(\.step) == [.mapping])
        try await org.send(writes)
        #expect(WritePlanner.writes(for: try await org.observe()).isEmpty)
    }

    @Test func completeOrgNeedsNoWrite() async throws {
        let org = try await Org.start("complete")
        defer { Task { await org.stop() } }
        #expect(WritePlanner.writes(for: try await org.observe()).isEmpty)
    }

    @Test func conflictsGetNoWrite() async throws {
        let org = try await Org.start("conflict")
        defer { Task { await org.stop() } }
        let writes = WritePlanner.writes(for: try await org.observe())
        #expect(!writes.contains { $0.step == .oktaAttribute || $0.step == .mapping })
        #expect(writes.map(\.step) == [.appAttribute])
    }

    @Test func schemaWritesTouchOnlyTheirAttribute() async throws {
        let org = try await Org.start("large")
        defer { Task { await org.stop() } }
        let before = try await org.observe()
        try await org.send(WritePlanner.writes(for: before).filter { $0.step == .oktaAttribute })
        let after = try await org.observe()
        var expected = before.userSchema.customProperties
        expected["dialpadPhone"] = nil
        var kept = after.userSchema.customProperties
        kept["dialpadPhone"] = nil
        #expect(kept == expected, "the other 1,000 custom attributes are untouched")
        #expect(after.userSchema.customProperties["dialpadPhone"]?.type == "string")
    }
}
