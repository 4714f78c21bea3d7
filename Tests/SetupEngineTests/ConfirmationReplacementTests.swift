import SetupEngine
import Testing

/// The attack on issue 23, item 16: `confirm new-users-only` right after `apply-now` replaced it
/// without a word. The step is judged by its latest word, so the replaced one is named.
@Suite struct ConfirmationReplacementTests {
    static func journal(_ choices: [SetupEngine.Confirmation.Choice]) -> Journal {
        var journal = Journal(org: "https://acme.okta.com", appId: "0oa1")
        journal.confirmations = choices.map { SetupEngine.Confirmation(step: SetupEngine.Confirmation.step(for: $0), choice: $0, at: "2026-12-07T10:00:00Z") }
        return journal
    }

    @Test func newUsersOnlyAfterApplyNowReplacesIt() {
        #expect(SetupEngine.Confirmation.replaced(by: .newUsersOnly, in: Self.journal([.applyNow]))?.choice == .applyNow)
        #expect(SetupEngine.Confirmation.replaced(by: .applyNow, in: Self.journal([.applyNow, .newUsersOnly]))?.choice == .newUsersOnly)
    }

    @Test func theSameWordAgainOrAGatesOverrideReplacesNothing() {
        #expect(SetupEngine.Confirmation.replaced(by: .newUsersOnly, in: Self.journal([.newUsersOnly])) == nil)
        #expect(SetupEngine.Confirmation.replaced(by: .newUsersOnly, in: nil) == nil)
        #expect(SetupEngine.Confirmation.replaced(by: .doNothingLowestPriority, in: Self.journal([.otherSourceUnseen])) == nil, "the override stands beside it")
        #expect(SetupEngine.Confirmation.replaced(by: .otherSourceUnseen, in: Self.journal([.doNothingLowestPriority])) == nil)
    }
}
