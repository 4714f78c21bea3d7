import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Attack 5, F1 in the wizard: `--app-id` naming Slack is said to be no Dialpad app, the id is
/// forgotten, and the apps that look like Dialpad are offered, as for an id the org has no app for.
@Suite struct NotDialpadAppWizardTests {
    static let slack = "0oa9Osnrm8JO20hWLKip"

    @Test(arguments: [Language.en, .ja])
    func slacksIdOpensTheChooserOfTheDialpadApps(language: Language) async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let services = WizardServices(makeClient: { _, _, _ in try Fixtures.client(simulator) }, makeStore: { _ in Fixtures.temporaryJournal() },
                                      appId: Self.slack)
        let engine = WizardEngine(services: services, mode: .setup, strings: .for(language), post: { _ in })
        let clock: @Sendable () -> (String, Double) = { ("09:00:00", 100) }
        var state = WizardState(mode: .setup, language: language, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        state.credentialsPreset = true
        state.orgField = TextField(value: simulator.baseURL)
        let connect = UpdateTests.press([.enter], &state)
        let effect = try #require(connect.first)
        let event = try #require(await engine.perform(effect, clock: clock))
        guard case .notDialpadApp(let app, let candidates) = event else {
            Issue.record("connected to Slack as if it were Dialpad: \(event)")
            await engine.shutdown(); await simulator.shutdown(); return
        }
        #expect(app.id == Self.slack && app.name == "slack")
        #expect(candidates.map(\.name) == ["dialpad"])
        #expect(update(&state, event).isEmpty)
        #expect(state.modal == .chooseApp(candidates, focus: 0))
        #expect(state.notice == .appChoice(.notDialpad(label: "Slack", name: "slack", id: Self.slack)))
        let notice = state.strings.appChoiceNotice(.notDialpad(label: "Slack", name: "slack", id: Self.slack))
        #expect(notice.contains(Self.slack) && notice.contains("Slack"))
        // Choosing the Dialpad app connects with its id: Slack's is never used again.
        #expect(UpdateTests.press([.enter], &state) == [.connect(org: simulator.baseURL, token: nil, appId: candidates[0].id)])
        let requests = try JSONSerialization.jsonObject(with: await simulator.requestsJSON()) as? [[String: Any]] ?? []
        #expect(requests.allSatisfy { $0["method"] as? String == "GET" })
        await engine.shutdown()
        await simulator.shutdown()
    }

    /// Both languages word the refusal, naming the app and its catalog name.
    @Test(arguments: [Language.en, .ja])
    func theRefusalNamesTheAppAndTheDialpadApps(language: Language) {
        let slack = OktaApp(id: Self.slack, name: "slack", label: "Slack", status: "ACTIVE")
        let dialpad = OktaApp(id: "0oaDialpad1", name: "dialpad", label: "Dialpad", status: "ACTIVE")
        let lines = ErrorText(language).lines(AppLookupError(.notDialpadApp(app: slack, candidates: [dialpad])))
        let text = lines.joined(separator: "\n")
        #expect(text.contains(Self.slack) && text.contains("Slack") && text.contains("slack") && text.contains("0oaDialpad1"), "\(text)")
    }
}
