import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

@Suite struct ExecutorTests {
    static func stateURL() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("dialpad-okta-journal-\(UUID().uuidString)/org.json")
    }

    @Test func applyFromFreshThenAgainMakesNoWrite() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let store = JournalStore(url: Self.stateURL())
        let first = try await Executor(client: org.client, store: store).apply(appId: nil)
        #expect(first.writes.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
        #expect(first.writes.allSatisfy { $0.outcome == .done && $0.before == .null })
        #expect(Array(first.steps.prefix(3).map(\.status)) == [.ok, .ok, .ok])
        #expect(first.observation.userSample?.withNumber == 50, "users are sampled again after the writes")
        #expect(first.steps[3].status == .manual, "existing users still lack their numbers in Okta")

        let writesBefore = org.client.log.writeCount
        let second = try await Executor(client: org.client, store: store).apply(appId: nil)
        #expect(second.writes.isEmpty)
        #expect(org.client.log.writeCount == writesBefore, "idempotent: zero writes the second time")

        let journal = try #require(try store.load())
        #expect(journal.entries.count == 3)
        #expect(journal.appId == "0oaOjMqNowS6JZTZPspC")
        let attributes = try FileManager.default.attributesOfItem(atPath: store.url.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let text = try String(contentsOf: store.url, encoding: .utf8)
        #expect(!text.contains(org.simulator.token), "the journal never holds the token")
    }

    @Test func phaseLimitsTheWrites() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let result = try await Executor(client: org.client, store: JournalStore(url: Self.stateURL())).apply(appId: nil, phases: [.attributes])
        #expect(result.writes.map(\.step) == [.oktaAttribute, .appAttribute])
    }

    @Test func anotherAdminsChangeBetweenPlanAndWriteIsRefused() async throws {
        let org = try await WritePlannerTests.Org.start("partial")
        defer { Task { await org.stop() } }
        let store = JournalStore(url: Self.stateURL())
        var executor = Executor(client: org.client, store: store)
        let client = org.client
        executor.beforeWrite = { write in
            // A second admin maps dialpadPhone from something else in the Admin Console.
            let body = #"{"properties":{"dialpadPhone":{"expression":"appuser.email","pushStatus":"DONT_PUSH"}}}"#
            _ = try await client.send(.POST, url: client.url(write.path), body: Data(body.utf8))
        }
        let error = try await #require(throws: ConcurrentChangeError.self) { try await executor.apply(appId: nil) }
        #expect(error.step == .mapping)
        #expect(error.description.contains("appuser.email"))
        let mapping = try await org.client.mapping(id: "prmsYqEoTfbJRaJJsDJI")
        #expect(mapping.properties?["dialpadPhone"]?.expression == "appuser.email", "the other admin's mapping is kept")
        #expect(try store.load()?.entries.isEmpty ?? true, "nothing journalled: nothing written")
    }

    @Test func secondRunOnTheSameStateFileIsRefused() throws {
        let url = Self.stateURL()
        let first = JournalStore(url: url)
        try first.lock()
        let second = JournalStore(url: url)
        let error = try #require(throws: JournalError.self) { try second.lock() }
        #expect(error.message.contains("Another dialpad-okta run"))
        first.unlock()
        try second.lock()
        second.unlock()
    }

    @Test func corruptOrForeignJournalIsReportedNotDiscarded() throws {
        let url = Self.stateURL()
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: url)
        let store = JournalStore(url: url)
        let corrupt = try #require(throws: JournalError.self) { try store.load() }
        #expect(corrupt.message.contains("damaged"))
        #expect(try Data(contentsOf: url) == Data("{not json".utf8), "left untouched")

        try store.save(Journal(org: "https://other.okta.com", appId: "0oaOTHER"))
        let foreign = try #require(throws: JournalError.self) { try store.load(expectingOrg: "https://acme.okta.com") }
        #expect(foreign.message.contains("https://other.okta.com"))
        let otherApp = try #require(throws: JournalError.self) { try store.load(expectingOrg: "https://other.okta.com", appId: "0oaMINE") }
        #expect(otherApp.hint.contains("0oaOTHER"))
    }
}

@Suite struct ExecutorWaveTests {
    /// The two attribute writes go to different schemas, so they share each round trip:
    /// 3 waves to observe, 3 (re-read, write, read back) for both attributes, 3 for the
    /// mapping, whose re-read goes beside sampling the users again (the attributes change
    /// what the sample shows; the mapping does not).
    @Test func independentWritesShareTheirRoundTrips() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh", latencyMs: 300))
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        let result = try await Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        #expect(result.writes.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
        #expect(client.log.writeCount == 3)
        #expect(client.log.waves == 9)
        let usersReads = client.log.snapshot.filter { $0.path.hasSuffix("/users") }
        #expect(usersReads.count == 1, "sampled once, after the attributes exist (none while observing: no Okta attribute yet)")
        #expect(result.observation.userSample?.withNumber == 50)
        await client.shutdown()
        await simulator.shutdown()
    }

    /// After the Admin Console steps, PUSH (a mapping) and the override (the user schema)
    /// go together: 3 waves to observe, then one each to re-read, write and read back. The
    /// override's re-read takes the schema and the app it rests on in one round trip, and
    /// neither write changes a profile value, so the users are not sampled again.
    @Test func pushAndOverrideShareTheirRoundTrips() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh", latencyMs: 300))
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        let store = JournalStore(url: ExecutorTests.stateURL())
        _ = try await Executor(client: client, store: store).apply(appId: nil)
        _ = try await client.send(.POST, url: client.url("/simulator/v1/console/apps/0oaOjMqNowS6JZTZPspC/profile-sourcing"),
                                  body: Data(#"{"enabled":true,"deactivationAction":"NONE"}"#.utf8))

        let second = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        let result = try await Executor(client: second, store: store).apply(appId: nil)
        #expect(result.writes.map(\.step) == [.pushStatus, .sourcePriority])
        #expect(result.steps.first { $0.id == .sourcePriority }?.status == .ok)
        #expect(second.log.waves == 6)
        let usersReads = second.log.snapshot.filter { $0.path.hasSuffix("/users") }
        #expect(usersReads.count == 1, "the users are sampled once, while observing")
        await second.shutdown()
        await client.shutdown()
        await simulator.shutdown()
    }
}
