import Foundation
import OktaClient
import SetupEngine
import TerminalUI
import Testing
@testable import Wizard

/// Issue 23 §1 in the wizard: `demo --seed partial`, 3, Enter. The org has no other profile
/// source, so the only tick offered is the admin's word that one the API cannot list ranks
/// above Dialpad; "Dialpad is the lowest profile source" is never sent (docs/REAL-ORGS.md R31).
@Suite struct OnlySourceWizardTests {
    @Test("only source, before sourcing: the tick offered opens the gate, never the lowest-source confirmation")
    func theTickOfferedIsTheGatesOverride() async throws {
        var state = try await UpdateTests.connected("partial")
        _ = UpdateTests.press([.character("3"), .enter], &state)
        #expect(state.screen == .manual(.profileSource))
        #expect(state.option(for: .profileSource)?.choice == .otherSourceUnseen)
        #expect(state.canTick(.profileSource), "the admin's word, which no org shows, may be given at once")
        #expect(UpdateTests.press([.character(" "), .enter], &state) == [.confirm(.otherSourceUnseen)])
    }

    @Test("only source, already sourcing: the step is a conflict, PUSH and the override are blocked, and Enter never records \"lowest source\"")
    func sourcingAloneOffersNoLowestSourceConfirmation() async throws {
        var observation = try await Observations.shared.of("partial")
        let features = observation.app?.features ?? []
        observation.app?.features = features + ["PROFILE_MASTERING"]
        // The mapping done (phase 2), as apply leaves it: PUSH is what phase 3 would send.
        observation.inboundMapping?.properties?["dialpadPhone"] = MappingProperty(expression: "appuser.dialpadPhone", pushStatus: "DONT_PUSH")
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 100, height: 30))
        _ = update(&state, .connected(org: "https://acme.okta.com", isPreview: false, journal: nil, journalPath: "/tmp/j.json",
                                      observation, Planner.plan(observation), clock: "09:00:00", at: 100))
        #expect(state.report(.profileSource)?.status == .conflict)
        #expect(state.report(.pushStatus)?.why == .onlySourceGate(app: "Dialpad"))
        #expect(state.report(.sourcePriority)?.why == .onlySourceGate(app: "Dialpad"))
        #expect(state.plannedWrites(for: [.pushStatus, .sourcePriority]).isEmpty, "A offers nothing of phase 3")
        state.screen = .manual(.profileSource)
        let effects = UpdateTests.press([.character(" "), .enter], &state)
        #expect(effects == [.confirm(.otherSourceUnseen)], "\(effects)")
    }

    /// Issue 23 §1, existing users: Apply updates now changes nothing until Dialpad sources the
    /// attribute, so the step names the phase-3 steps to do first and "next" leads there, not
    /// "waits for the Dialpad app" / "Waits for an earlier step".
    @Test("existing users waiting for Dialpad to source the attribute name the later steps, and next leads to them", arguments: [Language.en, .ja])
    func existingUsersNameTheLaterSteps(language: Language) async throws {
        var observation = try await Observations.shared.of("partial")
        observation.inboundMapping?.properties?["dialpadPhone"] = MappingProperty(expression: "appuser.dialpadPhone", pushStatus: "DONT_PUSH")
        var state = WizardState(mode: .setup, language: language, theme: Theme(colour: false), size: Size(width: 100, height: 30))
        _ = update(&state, .connected(org: "https://acme.okta.com", isPreview: false, journal: nil, journalPath: "/tmp/j.json",
                                      observation, Planner.plan(observation), clock: "09:00:00", at: 100))
        let report = try #require(state.report(.existingUsers))
        #expect(report.status == .blocked)
        #expect(report.why.laterSteps == [.profileSource, .pushStatus, .sourcePriority])
        let s = state.strings
        #expect(s.explanation(report) != s.explanation(.blocked), "never just \"Waits for an earlier step\"")
        for step in [StepID.profileSource, .pushStatus, .sourcePriority] { #expect(s.explanation(report).contains(s.stepTitle(step))) }
        let next = s.whatNext(state)
        #expect(next.contains(s.stepTitle(.profileSource)) && !next.contains(s.stepTitle(.existingUsers)), "\(next)")
    }
}
