import Foundation
@testable import OktaClient
import OktaSimulator
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Attack 5, F3/F4: after a run stopped by a 5xx, the words say what is true: when the read of
/// the org again failed too, the screens are from before the run (not "read again"); and a run
/// a passing failure stopped is waited out and retried, not "resolve the error".
@Suite struct StoppedRunReadAgainTests {
    @Test func aFailedReadAgainAfterAStoppedRunSaysTheScreensAreFromBeforeIt() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let inner = try Fixtures.client(simulator)
        let gateway = PassingFailureTests.FlakyGateway(inner)
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        let client = OktaClient(configuration: configuration, readOnly: false, retry: RetryPolicy(baseBackoff: .milliseconds(1)), transport: gateway)
        let services = WizardServices(makeClient: { _, _, _ in client }, makeStore: { _ in Fixtures.temporaryJournal() })
        let engine = WizardEngine(services: services, mode: .setup, strings: .for(.en), post: { _ in })
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 100, height: 30))
        let connected = await engine.perform(.connect(org: "", token: nil), clock: PassingFailureTests.clock)
        if let connected {
            _ = update(&state, connected)
            let tally = RunTally(.apply, done: 1, planned: 3, passingFailure: .serverFailing(status: 502))
            let effects = update(&state, .failed(.applying([.oktaAttribute, .appAttribute, .mapping]), UserMessage(title: "x", lines: []), tally: tally))
            #expect(effects == [.observe], "a stopped run reads the org again")
            let readAgain = state.words(.outcome(tally))
            gateway.failing.withLock { $0 = true }
            let refresh = try #require(await engine.perform(.observe, clock: PassingFailureTests.clock))
            _ = update(&state, refresh)
            #expect(state.readAgainFailed == .serverFailing(status: 502))
            #expect(state.notice == .outcome(tally), "how the run ended stays said")
            for language in [Language.en, .ja] {
                var said = state
                said.language = language
                var unread = said
                unread.readAgainFailed = nil
                #expect(said.words(.outcome(tally)) != unread.words(.outcome(tally)), "not 'read again' when it was not")
            }
            #expect(state.words(.outcome(tally)) != readAgain)
            gateway.failing.withLock { $0 = false }
            let observed = try #require(await engine.perform(.observe, clock: PassingFailureTests.clock))
            _ = update(&state, observed)
            #expect(state.readAgainFailed == nil, "read again: the screens show the org now")
        } else {
            Issue.record("no connection")
        }
        await engine.shutdown()
        await client.shutdown()
        await inner.shutdown()
        await simulator.shutdown()
    }

    @Test(arguments: [Language.en, .ja])
    func aRunStoppedByAPassingFailureSaysWaitAndRetryNotResolveTheError(language: Language) {
        let strings = Strings.for(language)
        let text = CommandLineText(language: language, colour: false)
        let passing = RunTally(.apply, done: 2, planned: 3, passingFailure: .serverFailing(status: 504))
        let refused = RunTally(.apply, done: 2, planned: 3)
        #expect(text.stoppedRun(passing).contains(strings.passingStop(.serverFailing(status: 504))))
        #expect(!text.stoppedRun(refused).contains(strings.passingStop(.serverFailing(status: 504))))
        #expect(strings.outcome(passing, at: .phase).contains(strings.passingStop(.serverFailing(status: 504))))
        #expect(strings.outcome(passing, at: .phase) != strings.outcome(refused, at: .phase))
        // A write settled as not applied after a 5xx failed; Okta did not refuse it.
        let failed = RunTally(.apply, done: 0, planned: 1, failed: [.oktaAttribute])
        let wasRefused = RunTally(.apply, done: 0, planned: 1, refused: [.oktaAttribute])
        #expect(strings.stoppedApply(failed) != strings.stoppedApply(wasRefused))
        #expect(strings.stoppedApply(failed).count == 2)
    }
}
