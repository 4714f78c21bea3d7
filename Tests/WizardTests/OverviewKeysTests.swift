import SetupEngine
import TerminalUI
import Testing
@testable import Wizard

/// The attack on issue 23, item 16: on the overview `u v w a A` did nothing and said nothing.
/// The summary's u, v and w work there too; a and A say they act on a phase and how to open one.
@Suite struct OverviewKeysTests {
    @Test func uVAndWWorkOnTheOverview() async throws {
        var state = try await UpdateTests.connected("fresh")
        #expect(state.screen == .overview)
        var check = state
        _ = UpdateTests.press([.character("u")], &check)
        #expect(check.screen == .userCheck)
        var verify = state
        #expect(UpdateTests.press([.character("v")], &verify) == [.verify])
        #expect(UpdateTests.press([.character("w")], &state) == [.saveReport])
    }

    @Test(arguments: [WizardMode.setup, .inspect])
    func aAndASayWhyOnTheOverview(mode: WizardMode) async throws {
        for key in [Key.character("a"), .character("A")] {
            var state = try await UpdateTests.connected("fresh", mode: mode)
            #expect(UpdateTests.press([key], &state) == [])
            #expect(state.notice == .keyUnavailable(key, mode == .setup ? .onlyInAPhase : .readOnly))
        }
    }
}
