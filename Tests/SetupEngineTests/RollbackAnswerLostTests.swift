import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// The attack on issue 23, item 16: `rollback --all` stopped at the first 5xx Okta (or a
/// gateway) gave to one of its restores. A restore puts back what the journal holds, so the
/// org is read back and, when it does not show the restore, it is sent once more, as apply does.
@Suite struct RollbackAnswerLostTests {
    @Test func aRestoreAnswered500IsReadBackAndSentOnceMore() async throws {
        var options = SimulatorOptions(seed: "fresh")
        // Apply's three writes go through; the rollback's first restore is answered 500, not applied.
        options.failingWrites = [4]
        let simulator = try await OktaSimulator.start(options)
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        let before = try RollbackTests.comparable(try await simulator.stateJSON())
        let executor = Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL()))
        do {
            let applied = try await executor.apply(appId: nil)
            #expect(applied.writes.count == 3)
            let undone = try await executor.rollback(steps: nil, deleteAttributeData: true)
            #expect(undone.map(\.step) == [.mapping, .appAttribute, .oktaAttribute], "the run goes on past the lost answer")
            #expect(try RollbackTests.comparable(try await simulator.stateJSON()) == before)
            #expect(client.log.writeCount == 3 + 4, "three restores and one resend")
        } catch {
            Issue.record("rollback stopped: \(error)")
        }
        await client.shutdown()
        await simulator.shutdown()
    }
}
