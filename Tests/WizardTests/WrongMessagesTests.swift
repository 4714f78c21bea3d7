import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Issue 23 §5: messages that said something the keys or the org did not bear out.
@Suite struct WrongMessagesTests {
    static func screenLines(_ state: WizardState) -> [String] {
        var buffer = Buffer(size: state.size)
        _ = render(state, into: &buffer)
        return buffer.lines
    }

    /// `a` on the mapping before the attributes names the keys that do them, and those keys do.
    @Test(arguments: [Language.en, .ja])
    func waitingNamesTheKeysThatDoWhatItWaitsFor(language: Language) async throws {
        var state = try await UpdateTests.connected("fresh")
        state.language = language
        _ = UpdateTests.press([.character("2")], &state)
        state.observing = false
        #expect(UpdateTests.press([.character("a")], &state).isEmpty)
        #expect(state.notice == .waitsFor(.mapping, [.oktaAttribute, .appAttribute]))
        let words = state.strings.notice(state.notice!)
        // The words send the admin to phase 1 and its A, not to this phase's A.
        #expect(words.contains("1") && words.contains("A") && words.contains(state.strings.phaseTitle(.attributes)), "\(words)")
        #expect(UpdateTests.press([.character("A")], &state).isEmpty, "A in phase 2 has nothing to send: the words must not offer it")
        _ = UpdateTests.press([.character("1")], &state)
        _ = UpdateTests.press([.character("A")], &state)
        guard case .apply(_, let plan, _) = state.modal else { Issue.record("1 then A opened no apply dialog"); return }
        #expect(Set(plan.writes.map(\.step)) == [.oktaAttribute, .appAttribute])
    }

    @Test func withdrawingWithNothingConfirmedSaysThereIsNoConfirmation() async throws {
        var state = try await UpdateTests.connected("complete")
        state.screen = .manual(.existingUsers)
        #expect(UpdateTests.press([.character("b")], &state).isEmpty)
        #expect(state.notice == .nothingToWithdraw(.existingUsers))
        for language in [Language.en, .ja] {
            let words = Strings.for(language).notice(.nothingToWithdraw(.existingUsers))
            #expect(words.contains(Strings.for(language).stepTitle(.existingUsers)) && words != Strings.for(language).nothingToRollBack)
        }
        #expect(JapaneseTests.hasJapanese(Strings.for(.ja).notice(.nothingToWithdraw(.existingUsers))))
    }

    @Test func aRecordedConfirmationStaysTicked() async throws {
        var state = try await UpdateTests.connected("complete")
        state.screen = .consoleChoice(.existingUsers)
        _ = UpdateTests.press([.down, .enter, .character(" ")], &state)
        #expect(UpdateTests.press([.enter], &state) == [.confirm(.newUsersOnly)])
        let recorded = SnapshotTests.journal([], confirmations: [SetupEngine.Confirmation(step: .existingUsers, choice: .newUsersOnly, at: "2026-11-23T09:20:00Z")])
        _ = update(&state, .finished(.recording(.newUsersOnly), entries: [], journal: recorded, clock: "09:00:01"))
        #expect(state.journal?.confirmations.map(\.choice) == [.newUsersOnly])
        let lines = Self.screenLines(state)
        #expect(lines.contains { $0.contains("[x]") }, "the box shows the recorded choice: \(lines)")
        #expect(!lines.contains { $0.contains("[ ]") })
    }

    @Test func rollBackWithTheDeletionBoxUntickedSaysSo() async throws {
        // An org that has the attribute: only then does its rollback delete users' values.
        var state = try await UpdateTests.connected("partial")
        state.journal = SnapshotTests.journal(SnapshotTests.appliedAttributes.map { var entry = $0; entry.after = nil; return entry })
        _ = UpdateTests.press([.character("1")], &state)
        state.observing = false
        _ = UpdateTests.press([.character("b")], &state)
        guard case .rollback(_, _, true, false, 0) = state.modal else { Issue.record("no deletion dialog"); return }
        #expect(UpdateTests.press([.tab, .enter], &state).isEmpty)
        #expect(state.notice == .keyUnavailable(.enter, .notTicked))
        #expect(Self.screenLines(state).contains { $0.contains(Strings.for(.en).notice(.keyUnavailable(.enter, .notTicked))) })
    }

    @Test(arguments: [Language.en, .ja])
    func aStepInConflictSaysWhyNoRequestIsPlanned(language: Language) async throws {
        var state = try await UpdateTests.connected("conflict")
        state.language = language
        state.size = Size(width: 120, height: 40)
        _ = UpdateTests.press([.character("1")], &state)
        #expect(state.report(.oktaAttribute)?.status == .conflict)
        let text = Self.screenLines(state).joined(separator: "\n")
        #expect(!text.contains(state.strings.noRequest), "\(text)")
        let lead = String(state.strings.noRequestInConflict.prefix(8))
        #expect(text.contains(lead), "\(text)")
    }

    /// One rule for the wizard's A and apply: what does not rest on a conflict is written; the
    /// conflict and the steps resting on it are left, and reported.
    @Test func applyWritesWhatDoesNotDependOnAConflict() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "conflict"))
        let client = try Fixtures.client(simulator)
        let store = Fixtures.temporaryJournal()
        do {
            let result = try await Executor(client: client, store: store).apply(appId: nil, approver: .unattended)
            #expect(result?.writes.map(\.step) == [.appAttribute])
            #expect(result?.steps.first { $0.id == .oktaAttribute }?.status == .conflict)
            #expect(result?.steps.first { $0.id == .appAttribute }?.status == .ok)
        } catch {
            Issue.record("apply refused the run: \(error)")
        }
        // The wizard's A on the same phase plans the same write.
        var state = try await UpdateTests.connected("conflict")
        _ = UpdateTests.press([.character("1")], &state)
        _ = UpdateTests.press([.character("A")], &state)
        guard case .apply(_, let plan, _) = state.modal else { Issue.record("no apply dialog"); await client.shutdown(); await simulator.shutdown(); return }
        #expect(plan.writes.map(\.step) == [.appAttribute])
        await client.shutdown()
        await simulator.shutdown()
    }

    @Test(arguments: [Language.en, .ja])
    func aConflictLeftIsNamedWithWhatWaitsOnIt(language: Language) async throws {
        let observation = try await Observations.shared.of("conflict")
        let report = try #require(Planner.plan(observation).first { $0.id == .oktaAttribute })
        let line = CommandLineText(language: language, colour: false).conflictLeft(report, waiting: [.mapping, .pushStatus])
        #expect(line.contains("okta-attribute") && line.contains("mapping, push-status"))
        #expect(line.contains(Strings.for(language).reason(report)) && !Strings.for(language).reason(report).isEmpty)
    }
}

/// Two apps labelled Dialpad: the wizard offers the choice, told apart by the listing's fields,
/// and connects with the chosen app's id.
@Suite struct AppChoiceTests {
    @Test func severalDialpadAppsAreOfferedAndTheChosenOneIsUsed() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "ambiguous"))
        // A failed connect shuts its client down: each connect gets a new one, as the product's does.
        let services = WizardServices(makeClient: { _, _, _ in try Fixtures.client(simulator) }, makeStore: { _ in Fixtures.temporaryJournal() })
        let engine = WizardEngine(services: services, mode: .setup, strings: .for(.en), post: { _ in })
        try await Self.choose(engine, org: simulator.baseURL)
        await engine.shutdown()
        await simulator.shutdown()
    }

    static func choose(_ engine: WizardEngine, org: String) async throws {
        let clock: @Sendable () -> (String, Double) = { ("09:00:00", Date().timeIntervalSince1970) }
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 120, height: 40))
        state.credentialsPreset = true
        state.orgField = TextField(value: org)
        state.connectFocus = 1
        let effects = UpdateTests.press([.enter], &state)
        #expect(effects == [.connect(org: org, token: nil)])
        let event = await engine.perform(effects[0], clock: clock)
        guard case .appsToChoose(let apps)? = event else { Issue.record("no choice offered: \(String(describing: event))"); return }
        #expect(apps.count == 2 && Set(apps.map(\.id)).count == 2)
        _ = update(&state, event!)
        guard case .chooseApp(_, 0)? = state.modal else { Issue.record("no choice dialog"); return }
        let text = WrongMessagesTests.screenLines(state).joined(separator: "\n")
        for app in apps { #expect(text.contains(app.id), "each app is told apart by its id: \(text)") }
        #expect(!text.contains("--app-id ID.") || text.contains("(•)"))
        let chosen = UpdateTests.press([.down, .enter], &state)
        #expect(chosen == [.connect(org: org, token: nil, appId: apps[1].id)])
        guard case .connected(_, _, _, _, let observation, _, _, _)? = await engine.perform(chosen[0], clock: clock) else {
            Issue.record("the chosen app did not connect"); return
        }
        #expect(observation.app?.id == apps[1].id)
        for language in [Language.en, .ja] {
            let details = Strings.for(language).appDetails(apps[0], timeZone: .gmt).joined()
            #expect(details.contains(Strings.for(language).appStatus(apps[0].status)))
        }
        #expect(JapaneseTests.hasJapanese(Strings.for(.ja).chooseAppIntro))
    }
}
