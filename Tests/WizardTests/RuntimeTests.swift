import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// The wizard's runtime with its real engine, over real HTTP to the simulator: the keys an
/// admin presses, through the whole procedure, then a one-step rollback.
@Suite struct RuntimeTests {
    final class Harness: @unchecked Sendable {
        let simulator: RunningSimulator
        let runtime: WizardRuntime
        let terminal = RecordingTerminal(size: Size(width: 120, height: 40))
        let store = Fixtures.temporaryJournal()

        /// `options` overrides `seed` (to add service apps); `oauth` signs in as a service app instead of with a token.
        init(seed: String, mode: WizardMode = .setup, language: Language = .en, token: String? = nil,
             options: SimulatorOptions? = nil, oauth: OAuthSettings? = nil) async throws {
            simulator = try await OktaSimulator.start(options ?? SimulatorOptions(seed: seed))
            let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(oauth == nil ? token ?? simulator.token : ""),
                                                      oauth: oauth)
            let store = self.store
            let services = WizardServices(
                makeClient: { _, _, readOnly in OktaClient(configuration: configuration, readOnly: readOnly) },
                makeStore: { _ in store },
                demoConsole: SimulatedConsole.perform)
            var state = WizardState(mode: mode, language: language, theme: Theme(colour: false), size: terminal.size)
            state.credentialsPreset = true
            state.orgField = TextField(value: simulator.baseURL)
            runtime = WizardRuntime(state: state, terminal: terminal, services: services, environment: [:])
        }

        /// Presses keys, then waits until the engine has answered everything they started.
        func press(_ keys: Key...) async throws {
            for key in keys { runtime.send(.key(key)) }
            try await settle()
        }

        func settle() async throws {
            for _ in 0..<2000 {
                runtime.drainInbox()
                if runtime.isIdle { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            runtime.draw()
        }

        var screenText: String { terminal.lastFrame?.lines.joined(separator: "\n") ?? "" }
        func status(_ step: StepID) -> StepStatus? { runtime.state.report(step)?.status }

        func stop() async {
            await runtime.shutdown()
            await simulator.shutdown()
        }
    }

    /// The proof through the wizard, on a complete org, in both languages: an assigned user has
    /// the number in Okta; one not assigned to Dialpad is said to be so.
    @Test("check a user from a phase screen", arguments: [Language.en, .ja])
    func userCheck(language: Language) async throws {
        let h = try await Harness(seed: "complete", language: language)
        try await h.press(.enter)
        try await h.press(.character("1"), .character("u"))
        #expect(h.runtime.state.screen == .userCheck)
        for character in "user0007@example.com" { h.runtime.send(.key(.character(character))) }
        try await h.press(.enter)
        #expect(h.runtime.state.userCheck?.reason == .inSync, "\(String(describing: h.runtime.state.modal))")
        #expect(h.screenText.contains("+14155550007"))
        for _ in "user0007@example.com" { h.runtime.send(.key(.backspace)) }
        for character in "user0055@example.com" { h.runtime.send(.key(.character(character))) }
        try await h.press(.enter)
        #expect(h.runtime.state.userCheck?.reason == .notAssigned)
        #expect(h.screenText.contains(language == .ja ? "割り当てられていない" : "not assigned to Dialpad"))
        await h.stop()
    }

    /// The summary offers verify: every assigned user counted, shown in a dialog.
    @Test func summaryVerifiesEveryAssignedUser() async throws {
        let h = try await Harness(seed: "complete")
        try await h.press(.enter)
        try await h.press(.character("s"))
        #expect(h.runtime.state.screen == .summary)
        try await h.press(.character("v"))
        guard case .verification(let verification) = h.runtime.state.modal else {
            Issue.record("no verification dialog: \(String(describing: h.runtime.state.modal))")
            await h.stop()
            return
        }
        #expect(verification.checked == 50 && verification.complete)
        #expect(h.screenText.contains("Checked 50 users assigned to Dialpad"))
        try await h.press(.escape)
        #expect(h.runtime.state.modal == nil)
        await h.stop()
    }

    @Test func fullSetupThroughTheWizardThenRollBackOneStep() async throws {
        let h = try await Harness(seed: "fresh")
        try await h.press(.enter)
        #expect(h.runtime.state.screen == .overview, "\(String(describing: h.runtime.state.modal))")
        #expect(h.status(.oktaAttribute) == .missing)

        try await h.press(.character("1"), .character("A"), .tab, .enter)
        #expect(h.status(.oktaAttribute) == .ok)
        #expect(h.status(.appAttribute) == .ok)
        #expect(h.runtime.state.notice == .written([.oktaAttribute, .appAttribute], requests: 2))

        try await h.press(.character("2"), .character("a"), .tab, .enter)
        #expect(h.status(.mapping) == .ok)

        // Existing users: "only new and changed users" has its guide, a tick, then it is recorded.
        try await h.press(.down, .enter)
        #expect(h.runtime.state.screen == .consoleChoice(.existingUsers))
        try await h.press(.down, .enter)
        #expect(h.runtime.state.screen == .manual(.existingUsers))
        #expect(h.status(.existingUsers) != .ok, "nothing is recorded before the tick")
        try await h.press(.character(" "), .enter)
        #expect(h.status(.existingUsers) == .ok)
        #expect(h.runtime.state.notice == .recorded(.newUsersOnly))
        // ... and can be withdrawn.
        try await h.press(.character("b"))
        #expect(h.status(.existingUsers) != .ok)
        #expect(h.runtime.state.journal?.confirmations.contains { $0.step == .existingUsers } == false)
        try await h.press(.character(" "), .enter)
        #expect(h.status(.existingUsers) == .ok)
        try await h.press(.escape)

        // Profile source: the demo-only key does the Admin Console action; detection sees it.
        try await h.press(.character("3"), .enter)
        #expect(h.runtime.state.screen == .manual(.profileSource))
        #expect(h.screenText.contains("DEMO ONLY"))
        try await h.press(.character("D"))
        #expect(h.runtime.state.observation?.app?.isProfileSource == true)
        try await h.press(.character(" "), .enter)
        #expect(h.status(.profileSource) == .ok)
        #expect(h.runtime.state.journal?.confirmations.map(\.choice).contains(.doNothingLowestPriority) == true)

        try await h.press(.escape, .character("A"), .tab, .enter)
        #expect(h.runtime.state.reports.allSatisfy { $0.status == .ok }, "\(h.runtime.state.reports)")
        try await h.press(.character("s"))
        #expect(h.screenText.contains("The org matches every step of the procedure."))

        // Roll back only source-priority: the override goes, everything else stays.
        try await h.press(.escape, .character("3"), .down, .down, .character("b"), .backTab, .enter)
        #expect(h.status(.sourcePriority) != .ok)
        #expect(h.status(.pushStatus) == .ok)
        #expect(h.status(.oktaAttribute) == .ok)
        let state = try await h.simulator.stateJSON()
        #expect(!String(decoding: state, as: UTF8.self).contains("\"OVERRIDE\""))
        await h.stop()
    }

    /// The paths the simulator was asked for, in order.
    static func requestedPaths(_ simulator: RunningSimulator) async throws -> [String] {
        let client = try Fixtures.client(simulator)
        defer { Task { await client.shutdown() } }
        let body = try await client.send(.GET, url: client.url("/simulator/v1/requests")).body
        let entries = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] ?? []
        return entries.compactMap { entry in (entry["path"] as? String).map { (entry["method"] as? String ?? "") + " " + $0 } }
            .filter { !$0.contains("/simulator/") }
    }

    /// The apply dialog's plan is what the writes rest on: no second observation of the whole
    /// org before them (each written resource is re-read), and none after (the read-backs are
    /// the wizard's new state).
    @Test func applyWritesFromThePlanTheDialogShowed() async throws {
        let h = try await Harness(seed: "fresh")
        try await h.press(.enter)
        try await h.press(.character("1"))
        try await h.press(.character("A"))
        let before = try await Self.requestedPaths(h.simulator).count
        try await h.press(.tab, .enter)
        #expect(h.status(.oktaAttribute) == .ok && h.status(.appAttribute) == .ok)
        #expect(h.runtime.state.notice == .written([.oktaAttribute, .appAttribute], requests: 2))
        let requested = Array(try await Self.requestedPaths(h.simulator).dropFirst(before))
        // No role listing: only a Super Administrator may read one (docs/REAL-ORGS.md R28).
        #expect(!requested.contains { $0.hasPrefix("GET /api/v1/users/") }, "\(requested)")
        let during = requested
        let userSchema = "/api/v1/meta/schemas/user/default", appSchema = "/api/v1/meta/schemas/apps/0oaOjMqNowS6JZTZPspC/default"
        // Each schema: re-read, write, read back; then the users, whose sample the new attributes
        // change; and the org's id, beside the re-reads, for the lock of runs on this org.
        #expect(during.sorted() == ["GET /.well-known/okta-organization", "GET " + appSchema, "GET " + appSchema, "GET " + userSchema, "GET " + userSchema,
                                    "GET /api/v1/apps/0oaOjMqNowS6JZTZPspC/users", "POST " + appSchema, "POST " + userSchema].sorted(),
                "\(during)")
        #expect(h.runtime.state.observing == false)
        await h.stop()
    }

    /// Another admin adds dialpadPhone, with a title of their own, while the apply dialog is
    /// open: the admin approved adding an absent attribute, not rewriting someone else's, so
    /// the write is refused against that plan and nothing is written. (Planning afresh at
    /// Enter would have quietly replaced the other admin's title.)
    @Test func aChangeMadeWhileTheDialogWasOpenIsRefused() async throws {
        let h = try await Harness(seed: "fresh")
        try await h.press(.enter)
        try await h.press(.character("1"))
        try await h.press(.character("A"))
        let otherAdmin = try Fixtures.client(h.simulator)
        _ = try await otherAdmin.send(.POST, url: otherAdmin.url("/api/v1/meta/schemas/user/default"), body: Data(
            ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"title":"Phone (other admin)","type":"string"}}}}}"##.utf8))
        await otherAdmin.shutdown()
        try await h.press(.tab, .enter)
        guard case .error(let message) = h.runtime.state.modal else { Issue.record("no error dialog: \(h.screenText)"); await h.stop(); return }
        // The step by its title, as Japanese names it, not its id.
        #expect(message.lines.joined().contains(Strings.for(.en).stepTitle(.oktaAttribute)), "\(message)")
        let paths = try await Self.requestedPaths(h.simulator)
        #expect(paths.filter { $0.hasPrefix("POST ") }.count == 1, "only the other admin's write: \(paths)")
        await h.stop()
    }

    @Test func inspectModeReadsButNeverWrites() async throws {
        let h = try await Harness(seed: "fresh", mode: .inspect)
        try await h.press(.enter, .character("1"), .character("A"), .enter, .character("a"), .character("b"))
        #expect(h.runtime.state.modal == nil)
        #expect(h.status(.oktaAttribute) == .missing)
        #expect(h.screenText.contains("READ-ONLY"))
        await h.stop()
    }

    @Test func aRefusedTokenIsShownOnTheConnectScreen() async throws {
        let h = try await Harness(seed: "fresh", token: "00wrongTokenThatOktaRefuses")
        try await h.press(.enter)
        #expect(h.runtime.state.screen == .connect)
        guard case .error(let message) = h.runtime.state.modal else { Issue.record("no error dialog"); return }
        #expect(message.lines.joined().contains("401") || message.lines.joined().contains("E0000011"), "\(message)")
        #expect(!h.screenText.contains("00wrongTokenThatOktaRefuses"))
        #expect(h.runtime.state.busy == nil)
        await h.stop()
    }

    @Test func aRefusedTokenIsExplainedInJapaneseWithOktasCode() async throws {
        let h = try await Harness(seed: "fresh", language: .ja, token: "00wrongTokenThatOktaRefuses")
        try await h.press(.enter)
        guard case .error(let message) = h.runtime.state.modal else { Issue.record("no error dialog"); return }
        #expect(message.title.contains("認証エラー") && message.title.contains("E0000011"), "\(message)")
        #expect(h.screenText.split(separator: "\n").allSatisfy { JapaneseTests.englishRuns(in: String($0)).isEmpty }, "\(h.screenText)")
        #expect(!h.screenText.contains("00wrongTokenThatOktaRefuses"))
        await h.stop()
    }

    @Test func framesAreLoggedForTheBenchmarkWhenAsked() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("frames-\(UUID().uuidString).jsonl").path
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        let terminal = RecordingTerminal(size: Size(width: 200, height: 60))
        let runtime = WizardRuntime(
            state: WizardState(mode: .setup, language: .en, theme: Theme(colour: true), size: terminal.size), terminal: terminal,
            services: WizardServices(makeClient: { _, _, r in OktaClient(configuration: configuration, readOnly: r) },
                                     makeStore: { _ in Fixtures.temporaryJournal() }),
            environment: ["DIALPAD_OKTA_FRAME_LOG": path])
        runtime.draw()
        runtime.draw()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains("\"frame\":2") && lines[1].contains("renderMs"))
        await runtime.shutdown()
        await simulator.shutdown()
    }
}
