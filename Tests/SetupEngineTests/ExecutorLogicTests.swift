import Foundation
import Logging
import OktaClient
@testable import SetupEngine
import Testing

/// An org of the test's own, behind the client's transport: it acknowledges every write and
/// shows it in reads only from the `showsAfter`-th read (never, when nil).
final class LateOrg: OktaTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var posts = 0
    private var gets = 0
    let showsAfter: Int?

    init(showsAfter: Int?) { self.showsAfter = showsAfter }

    var counts: (posts: Int, gets: Int) { lock.withLock { (posts, gets) } }

    func exchange(_ method: String, url: URL, headers: [(String, String)], body: Data?, attempt: Int,
                  log: RequestLog, logger: Logger, limits: RetryPolicy) async -> Result<OktaResponse, OktaError> {
        let shown: Bool = lock.withLock {
            if method == "POST" { posts += 1 } else { gets += 1 }
            return showsAfter.map { gets >= $0 } ?? false
        }
        let attribute = shown ? #""dialpadPhone":{"title":"Dialpad Phone","description":"Dialpad Phone","type":"string"}"# : ""
        let schema = ##"{"id":"x","name":"user","definitions":{"base":{"id":"#base","properties":{}},"custom":{"id":"#custom","type":"object","properties":{\##(attribute)}}}}"##
        return .success(OktaResponse(status: 200, headers: [("Content-Type", "application/json")], body: Data(schema.utf8)))
    }
}

/// Time that passes only when slept on.
final class VirtualClock: @unchecked Sendable {
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private var passed: Duration = .zero

    var elapsed: Duration { lock.withLock { passed } }

    var waitClock: WaitClock {
        WaitClock(now: { [self] in start + elapsed }, sleep: { [self] duration in lock.withLock { passed += duration } })
    }
}

/// The executor's read-back logic, with no server: a transport and a clock the test gives.
@Suite struct ExecutorLogicTests {
    static func executor(_ org: LateOrg, _ clock: VirtualClock) throws -> (Executor, OktaClient) {
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: "https://acme.okta.com"), token: Secret("00token")),
                                readOnly: false, transport: org)
        var executor = Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL()))
        executor.clock = clock.waitClock
        return (executor, client)
    }

    static func oktaAttributeWrite() throws -> (PlannedWrite, Observation) {
        let observation = PlannerTests.observation(okta: [:])
        return (try #require(WritePlanner.writes(for: observation).first { $0.step == .oktaAttribute }), observation)
    }

    @Test func aWriteNeverShownIsSentOnceMoreThenGivenUpAfterThePatience() async throws {
        let org = LateOrg(showsAfter: nil), clock = VirtualClock()
        let (executor, client) = try Self.executor(org, clock)
        let (write, observation) = try Self.oktaAttributeWrite()
        await #expect(throws: UnverifiedWriteError.self) {
            _ = try await executor.verify(write, in: observation, after: .init(sends: 1, shown: nil))
        }
        #expect(org.counts.posts == 1, "sent once more after resendAfter, never a third time")
        #expect(clock.elapsed >= executor.readBackPatience, "gave up only after the patience")
        await client.shutdown()
    }

    @Test func aWriteShownLateIsVerifiedWithoutSendingAgain() async throws {
        let org = LateOrg(showsAfter: 3), clock = VirtualClock()
        let (executor, client) = try Self.executor(org, clock)
        let (write, observation) = try Self.oktaAttributeWrite()
        let shown = try await executor.verify(write, in: observation, after: .init(sends: 1, shown: nil))
        #expect(shown.userSchema.customProperties["dialpadPhone"] != nil)
        #expect(org.counts == (posts: 0, gets: 3))
        #expect(clock.elapsed < executor.resendAfter, "shown before the resend was due")
        await client.shutdown()
    }

    /// While it waits, the run says what for: the step, how long so far and the bound, then
    /// that it sends once more. A screen words these; the test reads them as data.
    @Test func aRunSaysWhatItWaitsForWhileAWriteDoesNotShow() async throws {
        let org = LateOrg(showsAfter: nil), clock = VirtualClock()
        var (executor, client) = try Self.executor(org, clock)
        let told = Told()
        executor.progress = { told.append($0) }
        let (write, observation) = try Self.oktaAttributeWrite()
        _ = try? await executor.verify(write, in: observation, after: .init(sends: 1, shown: nil))
        let waits = told.all.compactMap { progress -> Int? in
            if case .awaitingReadBack(.oktaAttribute, let waited, 120) = progress { return waited }
            return nil
        }
        #expect(!waits.isEmpty && waits == waits.sorted() && waits.last! >= 60, "\(waits)")
        #expect(told.all.filter { $0 == .sendingAgain(.oktaAttribute) }.count == 1)
        await client.shutdown()
    }
}

final class Told: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [ApplyProgress] = []
    func append(_ progress: ApplyProgress) { lock.withLock { items.append(progress) } }
    var all: [ApplyProgress] { lock.withLock { items } }
}
