import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

@Suite struct ConfirmationTests {
    @Test func confirmationsCompleteWhatTheAPICannotShow() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let executor = Executor(client: org.client, store: JournalStore(url: ExecutorTests.stateURL()))
        _ = try await executor.apply(appId: nil)

        let early = try await #require(throws: ConfirmationRefusal.self) { try await executor.confirm(.doNothingLowestPriority, appId: nil) }
        #expect(early.reason == .notProfileSourceYet(app: "Dialpad"), "the API contradicts the confirmation: refused")

        try await org.console("apps/0oaOjMqNowS6JZTZPspC/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
        let afterSourcing = try await executor.apply(appId: nil)
        #expect(afterSourcing.steps.map(\.status) == [.ok, .ok, .ok, .manual, .ok, .ok, .ok])
        #expect(afterSourcing.steps[4].unverified?.isEmpty == false)

        let confirmedSource = try await executor.confirm(.doNothingLowestPriority, appId: nil)
        #expect(confirmedSource[4].status == .ok && confirmedSource[4].unverified == nil)
        switch confirmedSource[4].why {
        case .besideOtherSources(_, _, let confirmed, _), .noOtherAppSources(_, let confirmed, _): #expect(confirmed, "the admin's word is in the reason")
        default: Issue.record("not a counted-sources reason: \(confirmedSource[4].why)")
        }

        let steps = try await executor.confirm(.newUsersOnly, appId: nil)
        #expect(steps.map(\.status) == Array(repeating: .ok, count: 7))
        switch steps[3].why {
        case .newUsersOnlyConfirmed, .awaitingImport(_, _, _, true): break
        default: Issue.record("the admin's choice is not the reason: \(steps[3].why)")
        }
        let journal = try #require(try executor.store.load())
        #expect(journal.confirmations.map(\.choice) == [.doNothingLowestPriority, .newUsersOnly])
    }

    @Test func applyNowChoiceStillNeedsTheUsersToShowIt() {
        let observation = PlannerTests.observation(app: PlannerTests.sourcingApp, sample: .init(checked: 10, withNumber: 10, synced: 2, truncated: false))
        let confirmed = [Confirmation(step: .existingUsers, choice: .applyNow, at: "2026-11-23T00:00:00Z")]
        #expect(Planner.plan(observation, confirmations: confirmed)[3].status == .manual, "evidence, not the admin's word, decides")
        let newOnly = [Confirmation(step: .existingUsers, choice: .newUsersOnly, at: "2026-11-23T00:00:00Z")]
        #expect(Planner.plan(observation, confirmations: newOnly)[3].status == .ok)
    }
}
