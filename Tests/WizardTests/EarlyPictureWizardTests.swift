import Foundation
import OktaClient
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Issue 25 goal 3 in the wizard: the overview opens on the early picture of a large org,
/// the other sources marked as reading, and nothing is planned or sent until they are counted.
@Suite struct EarlyPictureWizardTests {
    static func early(_ seed: String) async throws -> (picture: Observation, final: Observation) {
        let final = try await Observations.shared.of(seed)
        var picture = final
        picture.otherProfileSources = []
        picture.appSourceCount = .reading
        return (picture, final)
    }

    @Test("the overview opens on the early picture; writes wait for the count; the count opens them")
    func writesWaitForTheCount() async throws {
        let (picture, final) = try await Self.early("partial")
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 100, height: 30))
        _ = update(&state, .connected(org: "https://acme.okta.com", isPreview: false, journal: nil, journalPath: "/tmp/j.json",
                                      picture, Planner.plan(picture), clock: "09:00:00", at: 100))
        #expect(state.screen == .overview)
        #expect(state.countingSources)
        #expect(state.observing, "the rest of the read is on its way: no other read starts")
        #expect(state.report(.profileSource)?.status == .blocked)

        // The mapping is writable on the final picture; on the early one it waits.
        _ = UpdateTests.press([.character("2")], &state)
        let pressed = UpdateTests.press([.character("A")], &state)
        #expect(pressed.isEmpty)
        #expect(state.modal == nil)
        #expect(state.notice == .keyUnavailable(.character("a"), .countingSources))
        // A re-read key starts nothing either: the read under way gives the org.
        #expect(UpdateTests.press([.character("r")], &state).isEmpty)
        // Nor does a console step's guide open: what it says rests on the count (the only-source gate).
        _ = UpdateTests.press([.character("3"), .enter], &state)
        #expect(state.screen == .phase(.sourcing))
        #expect(state.notice == .keyUnavailable(.enter, .countingSources))
        _ = UpdateTests.press([.character("2")], &state)

        _ = update(&state, .observed(final, Planner.plan(final), clock: "09:00:01", at: 101))
        #expect(!state.countingSources && !state.observing)
        _ = UpdateTests.press([.character("A")], &state)
        guard case .apply? = state.modal else { Issue.record("no apply dialog once the sources are counted: \(String(describing: state.modal))"); return }
    }

    @Test("the early picture is rendered with the sources marked as reading, in both languages", arguments: [Language.en, .ja])
    func readingIsShown(language: Language) async throws {
        let (picture, _) = try await Self.early("partial")
        var state = WizardState(mode: .setup, language: language, theme: Theme(colour: false), size: Size(width: 100, height: 30))
        _ = update(&state, .connected(org: "https://acme.okta.com", isPreview: false, journal: nil, journalPath: "/tmp/j.json",
                                      picture, Planner.plan(picture), clock: "09:00:00", at: 100))
        _ = UpdateTests.press([.character("3")], &state)
        var buffer = Buffer(size: state.size)
        _ = render(state, into: &buffer)
        let text = buffer.lines.joined(separator: "\n")
        let reading = state.strings.fact(.countingAppSources).value
        #expect(text.contains(reading), "\(text)")
    }
}
