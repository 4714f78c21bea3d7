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
        #expect(first.observation.userSample?.checked == 50, "users are sampled again after the writes")
        #expect(first.observation.userSample?.withNumber == 0, "no import since the app attribute was added (R3)")
        #expect(first.steps[3].status == .blocked && ExistingUsersStep.awaitsImport(first.observation),
                "existing users await an import from Dialpad, not 'nothing to update', once Dialpad sources the attribute (issue 23 §1)")

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
        let executor = Executor(client: org.client, store: store)
        let client = org.client
        // While the admin reads the printed plan, a second admin maps dialpadPhone from
        // something else in the Admin Console; the admin then answers yes.
        let approver = Approver { proposal in
            let write = try #require(proposal.plan.writes.first { $0.step == .mapping })
            let body = #"{"properties":{"dialpadPhone":{"expression":"appuser.email","pushStatus":"DONT_PUSH"}}}"#
            _ = try await client.send(.POST, url: client.url(write.path), body: Data(body.utf8))
            return try await Approver.answeredYesAtPrompt.approve(proposal)
        }
        let error = try await #require(throws: StalePlanError.self) { try await executor.apply(appId: nil, approver: approver) }
        #expect(error.steps == [.mapping])
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
        #expect(error.reason == .lockedByAnotherRun(journal: url.path))
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
        #expect(corrupt.reason == .damaged(journal: url.path))
        #expect(try Data(contentsOf: url) == Data("{not json".utf8), "left untouched")

        try store.save(Journal(org: "https://other.okta.com", appId: "0oaOTHER"))
        let foreign = try #require(throws: JournalError.self) { try store.load(expectingOrg: "https://acme.okta.com") }
        #expect(foreign.reason == .otherOrg(journal: url.path, journalOrg: "https://other.okta.com", org: "https://acme.okta.com"))
        let otherApp = try #require(throws: JournalError.self) { try store.load(expectingOrg: "https://other.okta.com", appId: "0oaMINE") }
        #expect(otherApp.reason == .otherApp(journal: url.path, journalApp: "0oaOTHER", appId: "0oaMINE"))
    }
}

@Suite struct ExecutorWaveTests {
    /// Waves are measured from the request timeline, so the latency must dwarf how late a loaded
    /// machine starts a request: 300 ms was not, once, on a cold CI run with the whole suite running.
    static func start() async throws -> (RunningSimulator, OktaClient) {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh", latencyMs: 1000))
        return (simulator, try client(simulator))
    }

    static func client(_ simulator: RunningSimulator) throws -> OktaClient {
        OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                   readOnly: false)
    }

    /// 7: 3 waves to observe (the mapping's properties need its id, which needs the app and
    /// the user type), and no write before all 3, because a conflict anywhere refuses the
    /// whole apply. Then the two attributes (different schemas, so together), the mapping's
    /// re-read (another admin may have written it meanwhile, from a machine no lock holds
    /// back), the mapping (Okta refuses to map a property that does not exist yet) and its
    /// read-back. The observation just made is the read the first writes rest on; the mapping
    /// goes out as soon as the attributes are acknowledged, beside their read-back, and the users are sampled
    /// again beside the mapping's read-back (the attributes change what the sample shows),
    /// once in the observation's second wave too (their user types), so no wave is added.
    @Test func independentWritesShareTheirRoundTrips() async throws {
        let (simulator, client) = try await Self.start()
        let result = try await Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil, planWasShown: false)
        #expect(result.writes.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
        #expect(client.log.writeCount == 3)
        #expect(client.log.waves == 7)
        let usersReads = client.log.snapshot.filter { $0.path.hasSuffix("/users") }
        #expect(usersReads.count == 2, "sampled while observing (user types), and again once the attributes exist")
        #expect(result.observation.userSample?.checked == 50)
        await client.shutdown()
        await simulator.shutdown()
    }

    /// The mapping goes out once the attributes are acknowledged; when Okta acknowledged an
    /// attribute it then dropped, it refuses the mapping, which is sent again once both show.
    @Test func aMappingRefusedBesideADroppedAttributeIsSentAgainOnceItShows() async throws {
        var options = SimulatorOptions(seed: "fresh")
        // With this seed the first schema write is dropped and the next ones are kept.
        options.faults = [.dropSchemaWrite: 0.5]
        options.faultSeed = 16
        let simulator = try await OktaSimulator.start(options)
        let client = try Self.client(simulator)
        let store = JournalStore(url: ExecutorTests.stateURL())
        let result = try await Executor(client: client, store: store).apply(appId: nil, planWasShown: false)
        #expect(result.writes.map(\.step).sorted { $0.rawValue < $1.rawValue } == [.appAttribute, .mapping, .oktaAttribute])
        #expect(Array(result.steps.prefix(3).map(\.status)) == [.ok, .ok, .ok])
        let mappingEntries = try #require(try store.load()).entries.filter { $0.step == .mapping }
        // The mapping re-reads its resource before it goes: on a busy machine the dropped attribute
        // may have been sent again and shown by then, and the mapping is accepted at once.
        let outcomes = mappingEntries.map(\.outcome)
        #expect(outcomes == [.failed, .done] || outcomes == [.done], "refused (nothing applied), then made once: \(outcomes)")
        if outcomes.count == 2 { #expect(mappingEntries.first?.message?.contains("planned again once they show") == true) }
        #expect(await simulator.faultsInjected()[.dropSchemaWrite] == 1)
        await client.shutdown()
        await simulator.shutdown()
    }

    /// After a plan shown to an admin each write re-reads its resource in the wave right
    /// before it: the attributes' re-read adds a wave, and the mapping's, beside the
    /// attributes' read-back, delays the mapping by one. 3 + 5.
    @Test func aShownPlanAddsTheReReads() async throws {
        let (simulator, client) = try await Self.start()
        let result = try await Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        #expect(result.writes.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
        #expect(client.log.waves == 8)
        #expect(result.observation.userSample?.checked == 50)
        await client.shutdown()
        await simulator.shutdown()
    }

    /// After the Admin Console steps, PUSH (a mapping) and the override (the user schema)
    /// go together: 3 waves to observe, one to write both, one to read them back; the floor,
    /// as neither can be written before the whole org was read. Neither changes a profile
    /// value, so the users are not sampled again. After a shown plan, one more to re-read.
    @Test(arguments: [false, true]) func pushAndOverrideShareTheirRoundTrips(planWasShown: Bool) async throws {
        let (simulator, client) = try await Self.start()
        let store = JournalStore(url: ExecutorTests.stateURL())
        _ = try await Executor(client: client, store: store).apply(appId: nil, planWasShown: false)
        _ = try await client.send(.POST, url: client.url("/simulator/v1/console/apps/0oaOjMqNowS6JZTZPspC/profile-sourcing"),
                                  body: Data(#"{"enabled":true,"deactivationAction":"NONE"}"#.utf8))

        let second = try Self.client(simulator)
        let result = try await Executor(client: second, store: store).apply(appId: nil, planWasShown: planWasShown)
        #expect(result.writes.map(\.step) == [.pushStatus, .sourcePriority])
        #expect(result.steps.first { $0.id == .sourcePriority }?.status == .ok)
        #expect(second.log.waves == (planWasShown ? 6 : 5))
        let usersReads = second.log.snapshot.filter { $0.path.hasSuffix("/users") }
        #expect(usersReads.count == 1, "the users are sampled once, while observing")
        await second.shutdown()
        await client.shutdown()
        await simulator.shutdown()
    }
}
