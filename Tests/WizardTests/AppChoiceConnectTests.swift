import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Synchronization
import Testing
import TerminalUI
@testable import Wizard

/// Issue 23, re-attack N7 and N9: the app chooser in plain mode (wrapped once, numbered, Enter
/// says what it does), a wrong `--app-id` in the wizard (the chooser instead of a loop on the
/// error), and the app being set up named on the overview and the summary.
@Suite struct AppChoiceConnectTests {
    static let apps = TruthfulWordsTests.apps
    static let org = "https://acme.okta.com"

    /// A plain session on a seed, with `--app-id` as the command line passes it.
    static func session(_ language: Language, width: Int, seed: String = "ambiguous", appId: String? = nil,
                        answers: [String]) async throws -> PlainTranscriptTests.Session {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed))
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        // A journal path of one length wherever the tests run, so the summary's line wraps alike.
        let folder = "/tmp/dialpad-golden-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = JournalStore(url: URL(fileURLWithPath: folder + "/journal.json"))
        let services = WizardServices(makeClient: { _, _, readOnly in OktaClient(configuration: configuration, readOnly: readOnly) },
                                      makeStore: { _ in store }, appId: appId)
        var state = WizardState(mode: .setup, language: language, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        state.credentialsPreset = true
        state.orgField = TextField(value: simulator.baseURL)
        state.timeZone = TimeZone(identifier: "UTC")!
        let recorder = PlainTranscriptTests.Recorder()
        let pending = Mutex(answers)
        let initial = state
        let final: WizardState = await withCheckedContinuation { continuation in
            Thread {
                let plain = PlainRuntime(state: initial, services: services, input: { _ in
                    let answer = pending.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                    if let answer { recorder.answered(answer) }
                    return answer
                }, output: recorder.output, clock: { 1_800_000_000 }, width: width)
                plain.run()
                let semaphore = DispatchSemaphore(value: 0)
                let box = PlainTranscriptTests.UncheckedBox(plain)
                Task.detached { await box.value.shutdown(); semaphore.signal() }
                semaphore.wait()
                continuation.resume(returning: plain.state)
            }.start()
        }
        let port = URL(string: simulator.baseURL)?.port ?? 0
        await simulator.shutdown()
        let recorded = recorder.state.withLock { $0 }
        return PlainTranscriptTests.Session(lines: recorded.lines, after: recorded.after.map { (answer: $0.0, lines: $0.1) }, port: port, final: final)
    }

    /// A session's transcript for its golden file: the simulator's port and the temporary
    /// journal's folder fixed.
    static func golden(_ session: PlainTranscriptTests.Session) -> String {
        session.golden.replacingOccurrences(of: #"dialpad-golden-[0-9A-F]{8}"#, with: "dialpad-golden-XXXXXXXX", options: .regularExpression)
    }

    /// The chooser's lines in a transcript: from its heading to the key line.
    static func chooserLines(_ lines: [String], _ s: Strings) -> [String] {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("1. ") }),
              let end = lines[start...].firstIndex(where: { $0.hasPrefix(s.keysLabel) }) else { return [] }
        return Array(lines[start..<end])
    }

    // MARK: N7, plain mode

    /// `printf '\n' | COLUMNS=80 … demo --seed ambiguous --plain`: each app numbered, its details
    /// under it with a hanging indent, wrapped once (no orphan `user` or 「化。」 line); a number
    /// out of range is said, `2` chooses the second app and says so, and the overview and the
    /// summary then name it.
    @Test("the app chooser in plain mode, then app 2, as a transcript at 80 columns", arguments: [Language.en, .ja])
    func plainChooserGolden(language: Language) async throws {
        let s = Strings.for(language)
        let session = try await Self.session(language, width: 80, answers: ["9", "2", "s"])
        try Golden.checkText(Self.golden(session), named: "plain-app-choice.\(language == .ja ? "ja" : "en").80.txt")

        #expect(session.lines.filter { $0.displayWidth > 80 }.isEmpty, "wrapped to 80 columns")
        let chooser = Self.chooserLines(session.lines, s)
        #expect(chooser.filter { $0.hasPrefix("1. ") || $0.hasPrefix("2. ") }.count == 2, "two numbered apps: \(chooser)")
        // Every other line of an app stands under its label, not at the margin: wrapped once.
        for line in chooser where !(line.hasPrefix("1. ") || line.hasPrefix("2. ")) {
            #expect(line.hasPrefix("   ") && !line.hasPrefix("    "), "a hanging indent of the number's width: \(line)")
        }
        // The keys said are the ones the intro names: the numbers, Up/Down, Enter and Esc.
        let keys = try #require(session.lines.first { $0.hasPrefix(s.keysLabel) })
        #expect(keys.hasPrefix(s.keysLabel + "[1-2] " + s.keyChooseNumber + "  [Up/Down] " + s.keyMove + "  [Enter] " + s.keyChooseApp(1)), "\(keys)")
        #expect(session.lines.contains(s.enterChoosesApp(1, Self.apps[0])), "what a bare Enter does is said")
        #expect(!session.lines.contains { $0.hasPrefix(s.buttonsLabel) }, "no button list whose Cancel Enter does not press")

        let nine = try #require(session.after.first { $0.answer == "9" }).lines
        #expect(nine.contains(s.appChoiceNotice(.noSuchNumber(9, count: 2))), "\(nine)")
        let two = try #require(session.after.first { $0.answer == "2" }).lines
        let chosen = AppChoiceNotice.chosen(number: 2, label: "Dialpad", id: Self.apps[1].id)
        #expect(two.contains(TranscriptPage.spoken(s.appChoiceNotice(chosen))), "choosing is said: \(two)")
        #expect(session.final.observation?.app?.id == Self.apps[1].id, "the second app is the one read")
        let appLine = s.appBeingSetUp(try #require(session.final.observation?.app))
        #expect(two.contains(appLine), "the overview names the app: \(two)")
        #expect(try #require(session.after.first { $0.answer == "s" }).lines.contains(appLine), "so does the summary")
    }

    /// A bare Enter chooses the app the prompt names, never an app the prompt did not mention.
    @Test(arguments: [Language.en, .ja])
    func aBareEnterDoesWhatThePromptSays(language: Language) async throws {
        let s = Strings.for(language)
        let session = try await Self.session(language, width: 80, answers: ["Down", ""])
        let afterDown = try #require(session.after.first { $0.answer == "Down" }).lines
        #expect(afterDown.contains(s.enterChoosesApp(2, Self.apps[1])), "the prompt says Enter now chooses app 2: \(afterDown)")
        #expect(session.final.observation?.app?.id == Self.apps[1].id)
        #expect(session.final.notice == .appChoice(.chosen(number: 2, label: "Dialpad", id: Self.apps[1].id)))
    }

    /// Only plain mode numbers the apps: on the screen a digit chooses nothing unseen.
    @Test func aDigitChoosesOnlyWhereTheAppsAreNumbered() {
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        state.credentialsPreset = true
        state.orgField = TextField(value: Self.org)
        state.modal = .chooseApp(Self.apps, focus: 0)
        #expect(UpdateTests.press([.character("2")], &state).isEmpty)
        #expect(state.modal == .chooseApp(Self.apps, focus: 0))
        state.transcript = true
        #expect(UpdateTests.press([.character("3")], &state).isEmpty)
        #expect(state.notice == .appChoice(.noSuchNumber(3, count: 2)))
        #expect(UpdateTests.press([.character("2")], &state) == [.connect(org: Self.org, token: nil, appId: Self.apps[1].id)])
        #expect(state.modal == nil && state.appNamed)
    }

    // MARK: N9, a wrong --app-id in the wizard

    /// `demo --seed ambiguous --app-id 0oaNOPE`: connecting says there is no such app and
    /// offers the two apps that look like Dialpad; Connect again never fails on the id again.
    @Test func aWrongAppIdOffersTheDialpadAppsOverHTTP() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "ambiguous"))
        let services = WizardServices(makeClient: { _, _, _ in try Fixtures.client(simulator) }, makeStore: { _ in Fixtures.temporaryJournal() },
                                      appId: "0oaNOPE")
        let engine = WizardEngine(services: services, mode: .setup, strings: .for(.ja), post: { _ in })
        let clock: @Sendable () -> (String, Double) = { ("09:00:00", 100) }
        let event = await engine.perform(.connect(org: simulator.baseURL, token: nil), clock: clock)
        guard case .noAppWithId(let missing, let candidates)? = event else { Issue.record("no choice offered: \(String(describing: event))"); return }
        #expect(missing == "0oaNOPE")
        #expect(Set(candidates.map(\.id)) == Set(Self.apps.map(\.id)))
        // Closed and connected again: the id is not tried again, so the org's apps are offered.
        guard case .appsToChoose(let again)? = await engine.perform(.connect(org: simulator.baseURL, token: nil), clock: clock) else {
            Issue.record("Connect again failed on the wrong id again"); return
        }
        #expect(again.count == 2)
        await engine.shutdown()
        await simulator.shutdown()
    }

    /// The chooser says the id named no app, then offers the apps; choosing one connects with it.
    @Test(arguments: [Language.en, .ja])
    func aWrongAppIdOpensTheChooserWithTheMessage(language: Language) {
        var state = WizardState(mode: .setup, language: language, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        state.credentialsPreset = true
        state.orgField = TextField(value: Self.org)
        state.appNamed = true
        #expect(UpdateTests.press([.enter], &state) == [.connect(org: Self.org, token: nil)])
        #expect(update(&state, .noAppWithId("0oaNOPE", candidates: Self.apps)).isEmpty)
        #expect(state.modal == .chooseApp(Self.apps, focus: 0))
        #expect(state.appIdNotFound == "0oaNOPE" && state.busy == nil)
        let s = state.strings
        let text = WrongMessagesTests.screenLines(state).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
        #expect(text.contains(s.chooseAppTitle(notFound: "0oaNOPE")), "\(text)")
        for app in Self.apps { #expect(text.contains(app.id)) }
        #expect(UpdateTests.press([.down, .enter], &state) == [.connect(org: Self.org, token: nil, appId: Self.apps[1].id)])
        #expect(state.appIdNotFound == nil && state.modal == nil)
    }

    /// With no app that looks like Dialpad, the id's error is said and the wizard goes on as on
    /// an org without the app (the runtime has forgotten the id): no Close/Connect loop.
    @Test func aWrongAppIdOnAnOrgWithoutDialpadGoesOnWithoutTheApp() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "no-app"))
        let services = WizardServices(makeClient: { _, _, _ in try Fixtures.client(simulator) }, makeStore: { _ in Fixtures.temporaryJournal() },
                                      appId: "0oaNOPE")
        let engine = WizardEngine(services: services, mode: .setup, strings: .for(.en), post: { _ in })
        let clock: @Sendable () -> (String, Double) = { ("09:00:00", 100) }
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        state.credentialsPreset = true
        state.orgField = TextField(value: simulator.baseURL)
        let connect = UpdateTests.press([.enter], &state)
        let effect = try #require(connect.first)
        let event = try #require(await engine.perform(effect, clock: clock))
        #expect(event == .noAppWithId("0oaNOPE", candidates: []))
        let again = update(&state, event)
        #expect(again == [.connect(org: simulator.baseURL, token: nil)], "connects on, without the id")
        guard case .error? = state.modal else { Issue.record("the id's error is not said"); return }
        let connected = try #require(await engine.perform(again[0], clock: clock))
        _ = update(&state, connected)
        #expect(state.screen == .overview && state.observation?.app == nil)
        #expect(state.reports.contains { $0.why == .noApp }, "the steps say the org has no Dialpad app")
        await engine.shutdown()
        await simulator.shutdown()
    }

    /// The wrong id in plain mode, in Japanese: the message, then the chooser of the Dialpad apps.
    @Test func aWrongAppIdInPlainModeGolden() async throws {
        let session = try await Self.session(.ja, width: 80, appId: "0oaNOPE", answers: ["1"])
        try Golden.checkText(Self.golden(session), named: "plain-wrong-app-id.ja.80.txt")
        let s = Strings.for(.ja)
        let unspaced = { (text: String) in text.filter { $0 != " " } }
        #expect(unspaced(session.lines.joined()).contains(unspaced(s.appIdNotFound("0oaNOPE", offered: 2))), "the id's message, then the apps")
        #expect(session.final.observation?.app?.id == Self.apps[0].id)
        #expect(session.final.appIdNotFound == nil)
    }

    /// Every sentence this adds is worded in both languages: Japanese with no English sentence
    /// left in it, English with no Japanese.
    @Test func theNewWordsAreInBothLanguages() {
        let app = Self.apps[1]
        let words = { (s: Strings) -> [String] in
            [s.chooseAppTitle(notFound: "0oaNOPE"), s.appIdNotFound("0oaNOPE", offered: 2), s.appIdNotFound("0oaNOPE", offered: 1),
             s.chooseAppIntroPlain(count: 2), s.enterChoosesApp(2, app), s.keyChooseNumber, s.keyChooseApp(2),
             s.appChoiceNotice(.chosen(number: 2, label: app.displayName, id: app.id)), s.appChoiceNotice(.noSuchNumber(9, count: 2)),
             s.appBeingSetUp(app)]
        }
        let english = words(.for(.en)), japanese = words(.for(.ja))
        for (en, ja) in zip(english, japanese) {
            #expect(en != ja)
            #expect(!JapaneseTests.hasJapanese(en), "\(en)")
            #expect(JapaneseTests.hasJapanese(ja) && JapaneseTests.englishRuns(in: ja).isEmpty, "\(ja)")
        }
    }

    // MARK: N9, the app being set up

    /// `demo --app-id ID`: the app named on the command line is named on the overview too.
    @Test func anAppNamedOnTheCommandLineIsNamedOnTheOverview() async throws {
        let session = try await Self.session(.en, width: 80, appId: Self.apps[1].id, answers: [])
        let app = try #require(session.final.observation?.app)
        #expect(app.id == Self.apps[1].id && session.final.appNamed)
        #expect(session.lines.contains(Strings.for(.en).appBeingSetUp(app)), "\(session.lines.joined(separator: "\n"))")
    }

    /// After a choice, the overview and the summary name the app by label and id on a line of
    /// its own; a label too long for the line wraps between words, never inside the id.
    @Test(arguments: [Language.en, .ja])
    func theChosenAppIsNamedOnTheOverviewAndSummary(language: Language) async throws {
        var state = try await UpdateTests.connected("complete")
        state.language = language
        state.size = Size(width: 80, height: 24)
        var app = try #require(state.observation?.app)
        #expect(appBeingSetUpLine(state) == nil, "the one Dialpad app found by itself is not named")
        app.label = "Dialpad Production United States Headquarters Provisioning Integration"
        state.observation?.app = app
        state.appNamed = true
        let unspaced = { (text: String) in text.filter { $0 != " " } }
        let line = unspaced(state.strings.appBeingSetUp(app))
        for screen in [Screen.overview, .summary] {
            state.screen = screen
            let lines = WrongMessagesTests.screenLines(state)
            #expect(lines.filter { $0.contains(app.id) }.count == 1, "\(screen): the id whole, once: \(lines.joined(separator: "\n"))")
            #expect(unspaced(lines.joined()).contains(line), "\(screen): the label and id: \(lines.joined(separator: "\n"))")
        }
    }
}
