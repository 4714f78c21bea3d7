import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// An apply that stops part way says what Okta refused, what it has not shown, and offers a
/// rollback only when something of the run may be in the org (issue 23, attack item 8).
@Suite struct StoppedApplyTallyTests {
    /// Okta drops every schema write: the attributes are acknowledged and never show, and the
    /// mapping, sent once they were acknowledged, is refused (its properties do not exist).
    @Test func aRefusedMappingIsNamedAndTheUnshownAttributesAreNotConfirmed() async throws {
        var options = SimulatorOptions(seed: "fresh")
        options.faults = [.dropSchemaWrite: 1]
        let simulator = try await OktaSimulator.start(options)
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        let store = JournalStore(url: ExecutorTests.stateURL())
        var executor = Executor(client: client, store: store)
        // Two minutes of patience pass at once: the test is about what the run says after.
        executor.clock = VirtualClock().waitClock
        await #expect(throws: (any Error).self) { _ = try await executor.apply(appId: nil) }
        let tally = RunTally.applied(planned: 3, before: nil, after: try store.load())
        await client.shutdown()
        await simulator.shutdown()

        #expect(tally.done == 0)
        #expect(tally.refused == [.mapping], "the mapping Okta refused is named")
        #expect(Set(tally.unsettled) == [.oktaAttribute, .appAttribute], "acknowledged, never shown: they may be in the org")
        #expect(tally.mayHaveWritten, "an acknowledged write may have landed: the rollback stays on offer")
        #expect(tally.rollbackDeletesData, "undoing an added attribute deletes it: the rollback offered says --delete-attribute-data")
        let entry = try #require(try store.load()?.entries.first { $0.step == .mapping })
        #expect(entry.outcome == .failed)
    }
}
