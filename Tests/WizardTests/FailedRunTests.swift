import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Issue 23 §2: after a write fails part way, the wizard reads the org again, shows it, and
/// says how many of the run's writes are done and what to do next.
@Suite struct FailedRunTests {
    static let clock: @Sendable () -> (String, Double) = { ("09:00:00", Date().timeIntervalSince1970) }

    /// `fresh` set up by an unattended apply (three writes: the two attributes, the mapping),
    /// then the wizard's engine connected to it; the simulator fails the writes in `failing`
    /// (counted from the simulator's start, so the apply's are 1 to 3).
    static func appliedThenConnected(failing: Set<Int>) async throws -> (RunningSimulator, WizardEngine, JournalStore) {
        var options = SimulatorOptions(seed: "fresh")
        options.failingWrites = failing
        let simulator = try await OktaSimulator.start(options)
        let store = Fixtures.temporaryJournal()
        let setup = try Fixtures.client(simulator)
        _ = try await Executor(client: setup, store: store).apply(appId: nil, approver: .unattended)
        await setup.shutdown()
        let client = try Fixtures.client(simulator)
        let services = WizardServices(makeClient: { _, _, _ in client }, makeStore: { _ in store })
        let engine = WizardEngine(services: services, mode: .setup, strings: .for(.en), post: { _ in })
        return (simulator, engine, store)
    }

    @Test func aRollbackWhoseSecondWriteFailsShowsTheOrgAndOneOfThreeRolledBack() async throws {
        // Rollback undoes the mapping (write 4), then the app attribute (write 5 and its one resend, 6, both answered 500),
        // then would undo the Okta attribute.
        let (simulator, engine, _) = try await Self.appliedThenConnected(failing: [5, 6])
        try await Self.rollBackWithTheSecondWriteFailing(engine)
        await engine.shutdown()
        await simulator.shutdown()
    }

    static func rollBackWithTheSecondWriteFailing(_ engine: WizardEngine) async throws {
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 100, height: 30))
        guard let connected = await engine.perform(.connect(org: "", token: nil), clock: Self.clock) else { Issue.record("no connection"); return }
        _ = update(&state, connected)
        #expect(state.reports.prefix(3).allSatisfy { $0.status == .ok }, "the three API steps were applied")
        state.busy = .rollingBack(StepID.allCases)
        let event = await engine.perform(.rollback(StepID.allCases, deleteAttributeData: true), clock: Self.clock)
        guard case .failed(let busy, _, let tally, let journal)? = event else { Issue.record("not a failure: \(String(describing: event))"); return }
        #expect(busy == .rollingBack(StepID.allCases))
        #expect(tally == RunTally(.rollback, done: 1, planned: 3))
        #expect(journal?.entries.map(\.outcome) == [.done, .done, .rolledBack])

        let effects = update(&state, event!)
        #expect(effects == [.observe], "the org is read again")
        #expect(state.notice == .outcome(RunTally(.rollback, done: 1, planned: 3)))
        #expect(state.rollbackEntries(for: StepID.allCases).count == 2, "what is left to roll back comes from the journal as the run left it")
        guard let observed = await engine.perform(.observe, clock: Self.clock) else { Issue.record("no read"); return }
        _ = update(&state, observed)
        #expect(state.report(.mapping)?.status != .ok, "the mapping was rolled back: the screen must not show it done")
        #expect(!state.isComplete)

        // The error dialog and the status line say how far it got and what next.
        var buffer = Buffer(size: state.size)
        _ = render(state, into: &buffer)
        #expect(buffer.lines.contains { $0.contains("1 of 3 rolled back") }, "\(buffer.lines)")
    }

    @Test func anApplyStoppedAtItsThirdWriteSaysTwoOfThreeWritten() async throws {
        var options = SimulatorOptions(seed: "fresh")
        // The mapping is the third write; its one resend after a 5xx is the fourth.
        options.failingWrites = [3, 4]
        let simulator = try await OktaSimulator.start(options)
        let store = Fixtures.temporaryJournal()
        let client = try Fixtures.client(simulator)
        let services = WizardServices(makeClient: { _, _, _ in client }, makeStore: { _ in store })
        let engine = WizardEngine(services: services, mode: .setup, strings: .for(.en), post: { _ in })
        try await Self.applyStoppedAtTheMapping(engine)
        await engine.shutdown()
        await simulator.shutdown()
    }

    static func applyStoppedAtTheMapping(_ engine: WizardEngine) async throws {
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 100, height: 30))
        guard let connected = await engine.perform(.connect(org: "", token: nil), clock: Self.clock) else { Issue.record("no connection"); return }
        _ = update(&state, connected)
        let plan = try #require(state.plan(for: StepID.allCases.filter(\.hasPublicAPI)))
        #expect(plan.writes.count == 3)
        let approved = try #require(ApprovedPlan.shownInDialog(Proposal(plan: plan, observation: state.observation!), reading: DialogReading(rows: 1, lastRowShown: 0)))
        state.busy = .applying(approved.steps)
        let event = await engine.perform(.apply(approved), clock: Self.clock)
        guard case .failed(_, _, let tally, _)? = event else { Issue.record("not a failure: \(String(describing: event))"); return }
        // A 500 is Okta failing, not refusing: the org read again does not show the mapping, and the run waits out a passing failure.
        let expected = RunTally(.apply, done: 2, planned: 3, failed: [.mapping], rollbackDeletesData: true, passingFailure: .serverFailing(status: 500))
        #expect(tally == expected, "the mapping that failed is named")
        #expect(update(&state, event!) == [.observe])
        #expect(state.notice == .outcome(expected))
    }

    @Test func aFailureOfAReadOnlyActionReadsNothingAgain() async throws {
        var state = try await UpdateTests.connected("complete")
        state.busy = .checkingUser
        #expect(update(&state, .failed(.checkingUser, UserMessage(title: "x", lines: []))).isEmpty)
        #expect(state.notice == nil)
    }

    @Test(arguments: [Language.en, .ja])
    func theOutcomeIsWordedInBothLanguages(language: Language) {
        let strings = Strings.for(language)
        for tally in [RunTally(.rollback, done: 1, planned: 5), RunTally(.apply, done: 3, planned: 7)] {
            let text = strings.notice(.outcome(tally))
            #expect(text.contains(String(tally.done)) && text.contains(String(tally.planned)))
            let line = CommandLineText(language: language, colour: false).stoppedRun(tally)
            #expect(line.contains(String(tally.done)) && line.contains(String(tally.planned)))
            if language == .ja {
                #expect(JapaneseTests.hasJapanese(text) && JapaneseTests.hasJapanese(line))
            } else {
                #expect(text.contains(tally.kind == .apply ? "3 of 7 written" : "1 of 5 rolled back"))
                #expect(line.hasPrefix(tally.kind == .apply ? "3 of 7 written" : "1 of 5 rolled back"))
            }
        }
    }
}
