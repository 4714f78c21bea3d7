import SetupEngine
import TerminalUI
import Testing
@testable import Wizard

/// The attack on issue 23, item 14: the guide's status line still said "Waiting for the change
/// in the org" once the org showed it and the tick was offered.
@Suite struct GuideStatusTests {
    @Test(arguments: [Language.en, .ja])
    func onceTheTickIsOfferedTheGuideWaitsForTheAdmin(language: Language) async throws {
        var state = try await UpdateTests.connected("partial")
        state.language = language
        _ = UpdateTests.press([.character("3"), .enter], &state)
        #expect(state.screen == .manual(.profileSource))
        #expect(state.canTick(.profileSource))
        let s = Strings.for(language)
        var buffer = Buffer(size: state.size)
        _ = render(state, into: &buffer)
        let frame = buffer.lines.joined(separator: "\n")
        #expect(frame.contains(s.waitingFor(tick: true)), "\(frame)")
        #expect(!frame.contains(s.waitingForChange))
    }
}
