import Foundation
import Logging
import OktaClient
import OktaSimulator
@testable import SetupEngine
import Testing

/// An org of the test's own that refuses to add an attribute while it "cleans up" a deleted
/// one of the same name, `refusals` times (always, when nil), then acknowledges; every POST
/// body is kept.
final class CleaningOrg: OktaTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [Data] = []
    let refusals: Int?
    let cause: String

    init(refusals: Int?, cause: String = CleaningOrg.cleanupCause) {
        self.refusals = refusals
        self.cause = cause
    }

    static let cleanupCause = "You cannot add the attribute with the variable name 'dialpadPhone' because the deletion process for an attribute with the same variable name is incomplete. Wait until the data clean up process finishes and then try again."

    var posted: [Data] { lock.withLock { bodies } }

    func exchange(_ method: String, url: URL, headers: [(String, String)], body: Data?, attempt: Int,
                  log: RequestLog, logger: Logger, limits: RetryPolicy) async -> Result<OktaResponse, OktaError> {
        let refused: Bool = lock.withLock {
            guard method == "POST" else { return false }
            bodies.append(body ?? Data())
            return refusals.map { bodies.count <= $0 } ?? true
        }
        if refused {
            let answer = ##"{"errorCode":"E0000001","errorSummary":"Api validation failed: updateUserSchemas","errorLink":"E0000001","errorId":"oaeCleanUp1","errorCauses":[{"errorSummary":"\##(cause)"}]}"##
            return .success(OktaResponse(status: 400, headers: [("Content-Type", "application/json"), ("X-Okta-Request-Id", "reqCleanUp123")],
                                         body: Data(answer.utf8)))
        }
        let schema = ##"{"id":"x","name":"user","definitions":{"base":{"id":"#base","properties":{}},"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"title":"Dialpad Phone","description":"Dialpad Phone","type":"string"}}}}}"##
        return .success(OktaResponse(status: 200, headers: [("Content-Type", "application/json")], body: Data(schema.utf8)))
    }
}

/// Okta refuses to add an attribute while it cleans up a deleted one of the same name
/// (docs/REAL-ORGS.md R26): the executor sends the same approved write again, with growing
/// pauses, for at most two minutes and never past the run's deadline, saying what it waits for.
@Suite struct AttributeCleanupTests {
    static func executor(_ org: CleaningOrg, _ clock: VirtualClock, deadline limit: Duration? = nil) throws -> (Executor, OktaClient, Told) {
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: "https://acme.okta.com"), token: Secret("00token")),
                                readOnly: false, transport: org, deadline: RunDeadline(limit, now: clock.waitClock.now))
        var executor = Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL()))
        executor.clock = clock.waitClock
        let told = Told()
        executor.progress = { told.append($0) }
        return (executor, client, told)
    }

    /// Fails without R26: the first refusal ended the run.
    @Test func aWriteRefusedDuringCleanUpGoesAgainUnchangedUntilOktaTakesIt() async throws {
        let org = CleaningOrg(refusals: 3), clock = VirtualClock()
        let (executor, client, told) = try Self.executor(org, clock)
        let (write, observation) = try ExecutorLogicTests.oktaAttributeWrite()
        let delivery = try await executor.deliver(write, in: observation)
        #expect(delivery.sends == 1, "refused sends never landed: the write still counts as sent once")
        #expect(org.posted.count == 4)
        let approved = try JSONEncoder.okta.encode(write.body)
        #expect(org.posted.allSatisfy { $0 == approved }, "only the approved request, byte for byte")
        let waits = told.all.compactMap { progress -> String? in
            if case .awaitingCleanup(.oktaAttribute, let attribute, _, 120) = progress { return attribute }
            return nil
        }
        #expect(waits == ["dialpadPhone", "dialpadPhone", "dialpadPhone"], "\(told.all)")
        #expect(clock.elapsed == Duration.seconds(7), "paused 1 s, 2 s, 4 s")
        await client.shutdown()
    }

    @Test func aCleanUpLongerThanTwoMinutesEndsWithOktasRefusalAndTheWait() async throws {
        let org = CleaningOrg(refusals: nil), clock = VirtualClock()
        let (executor, client, _) = try Self.executor(org, clock)
        let (write, observation) = try ExecutorLogicTests.oktaAttributeWrite()
        let error = try await #require(throws: OktaError.self) { _ = try await executor.deliver(write, in: observation) }
        guard case .attributeCleanupPending("dialpadPhone", let waited, false) = error.problem else {
            Issue.record("\(String(describing: error.problem))")
            return
        }
        #expect(waited <= 120 && clock.elapsed <= .seconds(120))
        #expect(waited >= 60, "waited most of the two minutes, not one pause")
        #expect(error.httpStatus == 400 && error.errorCode == "E0000001" && error.requestId == "reqCleanUp123",
                "Okta's refusal as sent: a 4xx, so the journal keeps the write as never made")
        #expect(Executor.refused(error))
        await client.shutdown()
    }

    /// The run's deadline comes first: no pause that would pass it.
    @Test func theRunsDeadlineStopsTheWaitingFirst() async throws {
        let org = CleaningOrg(refusals: nil), clock = VirtualClock()
        let (executor, client, _) = try Self.executor(org, clock, deadline: Duration.seconds(10))
        let (write, observation) = try ExecutorLogicTests.oktaAttributeWrite()
        let error = try await #require(throws: OktaError.self) { _ = try await executor.deliver(write, in: observation) }
        guard case .attributeCleanupPending("dialpadPhone", _, true) = error.problem else {
            Issue.record("\(String(describing: error.problem))")
            return
        }
        #expect(clock.elapsed <= .seconds(10), "\(clock.elapsed)")
        #expect(org.posted.count == 4, "sent at 0 s, 1 s, 3 s and 7 s; the next pause (8 s) would pass 10 s")
        await client.shutdown()
    }

    /// Any other validation failure is Okta's answer: never waited on, never sent again.
    @Test func anotherValidationFailureIsNotSentAgain() async throws {
        let org = CleaningOrg(refusals: nil, cause: "master.priority: 'x' is not a valid app instance id (property 'dialpadPhone')."),
            clock = VirtualClock()
        let (executor, client, told) = try Self.executor(org, clock)
        let (write, observation) = try ExecutorLogicTests.oktaAttributeWrite()
        let error = try await #require(throws: OktaError.self) { _ = try await executor.deliver(write, in: observation) }
        #expect(error.problem == .refused(status: 400) && error.httpStatus == 400)
        #expect(org.posted.count == 1 && told.all.isEmpty && clock.elapsed == .zero)
        await client.shutdown()
    }

    /// Against the simulator: apply, roll back (the attribute and its data deleted), apply again
    /// while Okta still cleans up; the run waits for the clean-up (6 s here: long enough that a
    /// busy machine still meets it) and completes.
    @Test func applyAfterRollbackWaitsForTheCleanUpAndCompletes() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh", cleanupSeconds: 6))
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        let store = JournalStore(url: ExecutorTests.stateURL())
        var executor = Executor(client: client, store: store)
        let told = Told()
        executor.progress = { told.append($0) }
        _ = try await executor.apply(appId: nil)
        _ = try await executor.rollback(steps: nil, deleteAttributeData: true)
        let again = try await executor.apply(appId: nil)
        #expect(Array(again.steps.prefix(3).map(\.status)) == [.ok, .ok, .ok])
        #expect(told.all.contains { if case .awaitingCleanup(_, "dialpadPhone", _, _) = $0 { true } else { false } })
        let requests = try #require(try JSONSerialization.jsonObject(with: await simulator.requestsJSON()) as? [[String: Any]])
        let refusedWrites = requests.filter { $0["method"] as? String == "POST" && $0["status"] as? Int == 400 }
        #expect(!refusedWrites.isEmpty, "Okta refused while it cleaned up")
        await client.shutdown()
        await simulator.shutdown()
    }
}
