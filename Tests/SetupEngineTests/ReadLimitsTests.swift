import Foundation
import Logging
import OktaClient
import OktaSimulator
import SetupEngine
import Synchronization
import Testing

/// Issue 21 §5: a read that cannot finish says so, and a run has an overall deadline.
@Suite struct ReadLimitsTests {
    /// Answers the app's user listing as a hostile server would, one user a page.
    final class HostileListing: OktaTransport {
        enum Behaviour: Sendable {
            /// Every page links to the same next page.
            case loop
            /// Every page links to a new one.
            case endless
            /// A new page each time, and the rate limit used up with its reset two minutes away.
            case exhausted
        }

        let behaviour: Behaviour
        let calls = Mutex(0)
        init(_ behaviour: Behaviour) { self.behaviour = behaviour }

        func exchange(_ method: String, url: URL, headers: [(String, String)], body: Data?, attempt: Int,
                      log: RequestLog, logger: Logger, limits: RetryPolicy) async -> Result<OktaResponse, OktaError> {
            let call = calls.withLock { count in count += 1; return count }
            var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
            components.queryItems = [URLQueryItem(name: "limit", value: "500"), URLQueryItem(name: "expand", value: "user"),
                                     URLQueryItem(name: "after", value: behaviour == .loop ? "same" : String(call))]
            var answer = [("Content-Type", "application/json"), ("Link", "<\(components.url!.absoluteString)>; rel=\"next\"")]
            if behaviour == .exhausted {
                answer += [("X-Rate-Limit-Limit", "600"), ("X-Rate-Limit-Remaining", "0"),
                           ("X-Rate-Limit-Reset", String(Int(Date().timeIntervalSince1970) + 120))]
            }
            let user = #"[{"id":"00u\#(call)","_embedded":{"user":{"id":"00u\#(call)","profile":{"login":"user\#(call)@example.com"}}}}]"#
            return .success(OktaResponse(status: 200, headers: answer, body: Data(user.utf8)))
        }
    }

    /// The Dialpad app as the simulator's complete org has it, and a client whose listing is hostile.
    static func hostile(_ behaviour: HostileListing.Behaviour, deadline: RunDeadline = .none) async throws
        -> (observation: Observation, client: OktaClient, transport: HostileListing) {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "complete"))
        let reader = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: true)
        let observation = try await Observer(client: reader).observe()
        await reader.shutdown()
        await simulator.shutdown()
        let transport = HostileListing(behaviour)
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: "https://acme.okta.com"),
                                                                 token: Secret("00HostileListingTest_abcdefghijklmnopqrstu")),
                                readOnly: true, transport: transport, deadline: deadline)
        return (observation, client, transport)
    }

    static func usersPath(_ observation: Observation) throws -> String {
        "/api/v1/apps/\(try #require(observation.app).id)/users"
    }

    @Test("verify against a next link that loops stops with an error where it looped, not a count")
    func loopingListing() async throws {
        let (observation, client, transport) = try await Self.hostile(.loop)
        let error = try await #require(throws: OktaError.self) { _ = try await Verification.run(client, observation: observation) }
        #expect(error.problem == .pagingLoop(path: try Self.usersPath(observation)))
        #expect(transport.calls.withLock { $0 } == 2, "the first sight of the repeated link is the last request")
        await client.shutdown()
    }

    @Test("verify against a listing that never ends stops at the page cap with an error")
    func endlessListing() async throws {
        let (observation, client, transport) = try await Self.hostile(.endless)
        let error = try await #require(throws: OktaError.self) { _ = try await Verification.run(client, observation: observation) }
        #expect(error.problem == .pagingTooLong(path: try Self.usersPath(observation), pages: OktaClient.maxPagesPerListing))
        #expect(transport.calls.withLock { $0 } == OktaClient.maxPagesPerListing)
        await client.shutdown()
    }

    @Test("a rate limit used up on every page stops verify at once when its waits would pass the deadline")
    func exhaustedRateLimit() async throws {
        let (observation, client, transport) = try await Self.hostile(.exhausted, deadline: RunDeadline(.seconds(20)))
        let started = ContinuousClock.now
        let error = try await #require(throws: OktaError.self) { _ = try await Verification.run(client, observation: observation) }
        #expect(ContinuousClock.now - started < .seconds(10), "refused at once, not waited through")
        #expect(error.code == .deadline)
        // On a loaded machine the setup's reads may outlast the 20 s themselves: the run then
        // stops at its next read, before any wait, which is the same promise.
        if case .deadlineDuringRead(20, _) = error.problem {
            await client.shutdown()
            return
        }
        guard case .waitPastDeadline(let wait, let deadline, _) = error.problem else {
            Issue.record("not a wait past the deadline: \(String(describing: error.problem))")
            await client.shutdown()
            return
        }
        #expect(wait > 100 && wait <= 121, "the reset two minutes away: \(wait)")
        #expect(deadline == 20)
        #expect(transport.calls.withLock { $0 } == 1, "the second page is never asked for")
        await client.shutdown()
    }

    @Test("apply whose deadline has passed starts no write, and says so")
    func noWriteAfterDeadline() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false, deadline: RunDeadline(.zero))
        let error = try await #require(throws: OktaError.self) {
            _ = try await Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        }
        #expect(error.code == .deadline)
        // A deadline already passed stops the run at its first read now (reads are safe to stop);
        // RunDeadlineTests holds the check before a write on its own.
        switch error.problem {
        case .deadlineBeforeWrite(let deadline, _), .deadlineDuringRead(let deadline, _): #expect(deadline == 0)
        default: Issue.record("\(error)")
        }
        #expect(client.log.writeCount == 0)
        await client.shutdown()
        await simulator.shutdown()
    }
}
