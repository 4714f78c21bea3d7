import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// Issue 25, goal 4: verify at any org size. The simulator builds an org of N users assigned
/// to Dialpad on demand; verify streams it: counts per page, at most ten examples per reason,
/// and each next page asked for before the caller has the current one.
@Suite struct VerifyAtScaleTests {
    static func org(_ seed: String, dialpadUsers: Int, latencyMs: Int = 0) async throws -> WritePlannerTests.Org {
        var options = SimulatorOptions(seed: seed, latencyMs: latencyMs)
        options.dialpadUsers = dialpadUsers
        let simulator = try await OktaSimulator.start(options)
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: true)
        return WritePlannerTests.Org(simulator: simulator, client: client)
    }

    /// `--dialpad-users 1234` on `fresh` (60 users): 1,234 distinct app users, in pages of 500.
    @Test func theSimulatorFlagAssignsNUsersPagedByCursor() async throws {
        let org = try await Self.org("fresh", dialpadUsers: 1_234)
        defer { Task { await org.stop() } }
        let appId = try #require(try await org.observe().app?.id)
        let before = org.client.log.requestCount
        var sizes: [Int] = []
        var ids = Set<String>()
        for try await page in org.client.appUserPages(appId: appId) {
            sizes.append(page.items.count)
            ids.formUnion(page.items.map(\.id))
        }
        #expect(sizes == [500, 500, 234])
        #expect(ids.count == 1_234)
        #expect(org.client.log.requestCount - before == 3)
    }

    @Test func theSimulatorRefusesAnOrgWithoutDialpadOrOutOfRange() async throws {
        for (seed, count, code) in [("no-app", 10, "dialpad-users-no-app"), ("fresh", 0, "dialpad-users-out-of-range")] {
            var options = SimulatorOptions(seed: seed)
            options.dialpadUsers = count
            let error = try await #require(throws: SimulatorError.self) { _ = try await OktaSimulator.start(options) }
            #expect(error.code == code)
        }
    }

    /// Counts are exact over several pages; examples stay at ten per reason however many users.
    @Test func verifyCountsEveryPageExactlyAndKeepsTenExamples() async throws {
        let org = try await Self.org("complete", dialpadUsers: 1_234)
        defer { Task { await org.stop() } }
        let verification = try await Verification.run(org.client, observation: try await org.observe())
        #expect(verification.checked == 1_234)
        #expect(verification.counts.map(\.reason) == [.inSync])
        #expect(verification.counts.map(\.users) == [1_234])
        #expect(verification.counts.map(\.examples.count) == [Verification.examplesPerReason])
        #expect(verification.requests == 3, "one request per page of 500")
        #expect(verification.complete)
    }

    /// What verify keeps does not grow with the users: 100,000 checks over every reason keep
    /// ten examples each, and the counts add up.
    @Test func theTallyKeepsTenExamplesPerReasonWhateverTheUsers() {
        var tally = Verification.Tally()
        let reasons = UserCheck.Reason.allCases
        for number in 0..<100_000 {
            let reason = reasons[number % reasons.count]
            tally.add(reason, example: "user\(number)@example.com")
        }
        #expect(tally.checked == 100_000)
        #expect(tally.counts.map(\.reason) == reasons)
        #expect(tally.counts.map(\.users).reduce(0, +) == 100_000)
        #expect(tally.counts.allSatisfy { $0.examples.count == Verification.examplesPerReason })
    }

    /// The pipeline: when the caller holds page k, the request for page k+1 has started (and
    /// no further one): the chain never waits on decoding or on the caller, and at most one
    /// answer is in flight beside the page held.
    @Test func theNextPageIsAskedForBeforeTheCallerHasThisOne() async throws {
        let org = try await Self.org("fresh", dialpadUsers: 1_500, latencyMs: 20)
        defer { Task { await org.stop() } }
        let appId = try #require(try await org.observe().app?.id)
        let before = org.client.log.requestCount
        var startedWhileHeld: [Int] = []
        for try await _ in org.client.appUserPages(appId: appId) {
            // The caller's own work on the page; the next request runs meanwhile.
            try await Task.sleep(for: .milliseconds(60))
            startedWhileHeld.append(org.client.log.requestCount - before)
        }
        #expect(startedWhileHeld == [2, 3, 3])
    }

    /// The request in flight runs in a task of its own: cancelling the reader (the wizard
    /// leaving verify) must cancel it too, and no page after it is asked for.
    @Test func cancellingTheReaderStopsTheChain() async throws {
        let org = try await Self.org("fresh", dialpadUsers: 2_500, latencyMs: 200)
        defer { Task { await org.stop() } }
        let appId = try #require(try await org.observe().app?.id)
        let before = org.client.log.requestCount
        let client = org.client
        let reader = Task {
            var pages = 0
            for try await _ in client.appUserPages(appId: appId) { pages += 1 }
            return pages
        }
        // The first page has arrived and the second is in flight.
        try await Task.sleep(for: .milliseconds(300))
        reader.cancel()
        let outcome = await reader.result
        #expect(throws: (any Error).self) { try outcome.get() }
        // Five pages of 200 ms each: a chain that went on would have asked for more by now.
        try await Task.sleep(for: .milliseconds(700))
        #expect(client.log.requestCount - before <= 2)
    }
}
