import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// The attack on issue 23, item 16: `confirm apply-now --yes` was recorded before the mapping
/// and the sourcing existed, while the wizard offers that tick only once the org shows it. One
/// rule: a word on an action the org shows is refused until the org shows it.
@Suite struct ConfirmShownByOrgTests {
    @Test func applyNowBeforeTheOrgShowsItIsRefusedAndNothingIsRecorded() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let store = JournalStore(url: ExecutorTests.stateURL())
        let executor = Executor(client: org.client, store: store)
        let refusal = try await #require(throws: ConfirmationRefusal.self) {
            try await executor.confirm(.applyNow, appId: nil)
        }
        #expect(refusal.reason == .notShownByOrgYet(step: .existingUsers, choice: .applyNow))
        #expect(try store.load()?.confirmations.isEmpty ?? true, "nothing recorded")
        // A choice not to act, which no org can show, is still the admin's to record.
        let reports = try await executor.confirm(.newUsersOnly, appId: nil)
        #expect(try store.load()?.confirmations.map(\.choice) == [.newUsersOnly])
        #expect(!reports.isEmpty)
    }
}
