import Foundation
import Synchronization
import Testing
import TestSupport
@testable import OktaClient

/// Issue 21 §5: a run's overall deadline, as the client keeps it.
@Suite struct RunDeadlineTests {
    /// A clock the test moves.
    final class Hands: Sendable {
        let start = ContinuousClock.now
        let offset = Mutex(Duration.zero)
        func now() -> ContinuousClock.Instant { start + offset.withLock { $0 } }
        func advance(_ by: Duration) { offset.withLock { $0 += by } }
    }

    @Test("--deadline takes seconds or hours, minutes and seconds", arguments: [
        ("90", 90), ("90s", 90), ("30m", 1800), ("2h", 7200), ("1h30m", 5400), ("1H5M3S", 3903),
    ])
    func parses(text: String, seconds: Int) {
        #expect(RunDeadline.parse(text) == .seconds(seconds))
    }

    @Test("nonsense, nothing and more than a week are not a deadline (never an arithmetic crash)",
          arguments: ["", "0", "-5", "m", "5x", "5m5m", "1.5h", "30 m", "2562047788015216h", "153722867280912931m",
                      "99999999999999999h", "9223372036854775807", "169h", "604801"])
    func refuses(text: String) {
        #expect(RunDeadline.parse(text) == nil)
    }

    @Test("a wait that would pass the deadline is refused, naming the wait and the deadline; not while a write is under way")
    func waitsAgainstTheDeadline() throws {
        let hands = Hands()
        let deadline = RunDeadline(.seconds(600), now: { hands.now() })
        hands.advance(.seconds(500))
        try deadline.admit(wait: .seconds(100), before: "GET", "/api/v1/users")
        let error = try #require(throws: OktaError.self) { try deadline.admit(wait: .seconds(101), before: "GET", "/api/v1/users") }
        #expect(error.problem == .waitPastDeadline(wait: 101, deadline: 600, elapsed: 500))
        #expect(error.path == "/api/v1/users")

        let write = deadline.beginWrite()
        try deadline.admit(wait: .seconds(120), before: "GET", "/api/v1/meta/schemas/user/default")
        write.end()
        #expect(throws: OktaError.self) { try deadline.admit(wait: .seconds(120), before: "GET", "/api/v1/meta/schemas/user/default") }

        try deadline.checkBeforeWrite()
        hands.advance(.seconds(100))
        let late = try #require(throws: OktaError.self) { try deadline.checkBeforeWrite() }
        #expect(late.problem == .deadlineBeforeWrite(deadline: 600, elapsed: 600))
    }

    /// A read is safe to stop: a slow org does not hold a run past its deadline (a write's
    /// read-backs still take what Okta needs).
    @Test("a read stops at the run's deadline")
    func aSlowReadStopsAtTheDeadline() async throws {
        let server = try await ScriptServer.start { _ in ScriptedReply(body: "[     ]", trickle: .seconds(2)) }
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: server.baseURL), token: Secret(testToken)),
                                readOnly: true, retry: fastRetry, deadline: RunDeadline(.seconds(1)))
        let started = ContinuousClock.now
        let error = try await #require(throws: OktaError.self) { _ = try await client.mappings() }
        // The answer would take 14 s; the run's deadline is 1 s (a loaded machine is slow, never that slow).
        #expect(ContinuousClock.now - started < .seconds(13))
        guard case .deadlineDuringRead(1, _) = error.problem else { Issue.record("\(error.problem)"); return }
        #expect(error.code == .deadline)
        await client.shutdown()
        await server.stop()
    }

    @Test("a server whose rate limit stays used up is left at once when its reset would pass the deadline")
    func exhaustedServer() async throws {
        let server = try await ScriptServer.start { _ in
            .json("[]", headers: [("X-Rate-Limit-Limit", "600"), ("X-Rate-Limit-Remaining", "0"),
                                  ("X-Rate-Limit-Reset", String(Int(Date().timeIntervalSince1970) + 120))])
        }
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: server.baseURL), token: Secret(testToken)),
                                readOnly: true, retry: fastRetry, deadline: RunDeadline(.seconds(30)))
        let started = ContinuousClock.now
        _ = try await client.mappings()
        let error = try await #require(throws: OktaError.self) { _ = try await client.mappings() }
        // Well under the 120 s the reset asks for (a loaded machine is slow, never that slow).
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(error.code == .deadline)
        #expect(server.requestCount == 1)
        await client.shutdown()
        await server.stop()
    }
}
