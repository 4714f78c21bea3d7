import SetupEngine
import Testing
@testable import Wizard

/// The attack on issue 23, item 16: the demo's D on the sourcing step, with nothing else
/// sourcing Okta users, does what the procedure forbids; the status line says so as it starts.
@Suite struct DemoGateWarningTests {
    @Test(arguments: [Language.en, .ja])
    func dAgainstTheShutGateWarnsAsItActs(language: Language) async throws {
        var state = try await UpdateTests.connected("partial")
        state.language = language
        state.demoConsole = true
        _ = UpdateTests.press([.character("3"), .enter], &state)
        #expect(state.screen == .manual(.profileSource))
        let effects = UpdateTests.press([.character("D")], &state)
        #expect(effects == [.demoConsole(.profileSource)], "the demo still shows what happens")
        #expect(state.notice == .demoAgainstGate(.profileSource))
        #expect(!Strings.for(language).notice(.demoAgainstGate(.profileSource)).isEmpty)
    }

    /// With another source (fresh: Workday) the gate is open: D is the step's ordinary action.
    @Test func dWithTheGateOpenSaysNothingOfIt() async throws {
        var state = try await UpdateTests.connected("fresh")
        state.demoConsole = true
        _ = UpdateTests.press([.character("3"), .enter], &state)
        #expect(state.screen == .manual(.profileSource))
        #expect(UpdateTests.press([.character("D")], &state) == [.demoConsole(.profileSource)])
        #expect(state.notice == nil)
    }
}
