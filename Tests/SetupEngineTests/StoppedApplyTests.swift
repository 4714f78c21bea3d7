import Foundation
@testable import OktaClient
import OktaSimulator
@testable import SetupEngine
import Testing

/// Attack 5, F4: a read-back that gave up on a 5xx left its write unconfirmed while the org,
/// read again right after, showed it. The stopped run settles such a write against the org
/// (sending nothing): shown, it is confirmed; and the run says a passing failure stopped it.
@Suite struct StoppedApplyTests {
    @Test func aWriteWhoseReadBackGaveUpOnA5xxIsConfirmedWhenTheOrgShowsIt() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        let inner = OktaClient(configuration: configuration, readOnly: false)
        let gateway = ReadBackRetryTests.GatewayAfterWrite(inner, failing: .max)
        let client = OktaClient(configuration: configuration, readOnly: false, retry: RetryPolicy(baseBackoff: .milliseconds(1)), transport: gateway)
        let store = JournalStore(url: ExecutorTests.stateURL())
        var executor = Executor(client: client, store: store)
        executor.readBackPatience = .milliseconds(500)
        var stoppedBy: (any Error)?
        do { _ = try await executor.apply(appId: nil, planWasShown: false) } catch { stoppedBy = error }
        let unsettled = try store.load()
        // The gateway is gone: the org is read again as it is.
        let stopped = await Executor(client: inner, store: store).stoppedApply(planned: 3, before: nil, stoppedBy: try #require(stoppedBy))
        await client.shutdown()
        await inner.shutdown()
        await simulator.shutdown()

        #expect(unsettled?.entries.first { $0.step == .oktaAttribute }?.outcome == .intent, "the read-back gave up on the gateway's 504")
        #expect(stopped.journal?.entries.first { $0.step == .oktaAttribute }?.outcome == .done, "the org shows the write: it is confirmed")
        #expect(stopped.tally.unsettled.isEmpty)
        #expect(stopped.tally.refused.isEmpty && stopped.tally.failed.isEmpty)
        #expect(stopped.tally.done == stopped.journal?.entries.filter { $0.outcome == .done }.count)
        #expect(stopped.tally.passingFailure == .serverFailing(status: 504))
    }

    /// A write settled as not in the org after a 5xx failed there; only a 4xx answer is Okta refusing it.
    @Test func aWriteSettledAsNotAppliedAfterA5xxIsFailedNotRefused() throws {
        func entry(_ step: StepID, _ outcome: Journal.Entry.Outcome) -> Journal.Entry {
            Journal.Entry(step: step, method: "POST", path: "/x", body: .null, before: .null, after: nil, outcome: outcome, message: nil, at: "")
        }
        var run = Journal(org: "https://example.okta.com", appId: "0oa1")
        run.entries = [entry(.oktaAttribute, .intent), entry(.appAttribute, .failed)]
        var settled = run
        settled.entries[0].outcome = .failed
        let error = OktaError.fromResponse(status: 502, body: Data(), headers: [], method: "GET", path: "/api/v1/meta/schemas/user/default")
        let tally = RunTally.applied(planned: 3, before: nil, after: settled, unsettledAfterRun: run, stoppedBy: UnsettledWrite(step: .oktaAttribute, cause: error))
        #expect(tally.failed == [.oktaAttribute])
        #expect(tally.refused == [.appAttribute])
        #expect(tally.passingFailure == .serverFailing(status: 502))
        #expect(RunTally.applied(planned: 3, before: nil, after: settled).passingFailure == nil)
    }
}
