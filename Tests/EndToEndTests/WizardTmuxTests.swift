import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OktaClient
import OktaSimulator
import Testing

/// The wizard as an admin meets it: the real binary in tmux, keys sent, screens read back.
@Suite(.serialized) struct WizardTmuxTests {
    static func expectShown(_ result: (found: Bool, screen: String), _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.found, "expected \(what) on screen:\n\(result.screen)", sourceLocation: sourceLocation)
    }

    static func orgEnvironment(_ simulator: RunningSimulator, home: String) -> [String: String] {
        ["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token, "HOME": home, "PATH": "/usr/bin:/bin"]
    }

    static func requests(_ simulator: RunningSimulator) async throws -> [[String: Any]] {
        var request = URLRequest(url: URL(string: simulator.baseURL + "/simulator/v1/requests")!)
        request.setValue("SSWS " + simulator.token, forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    }

    static func writes(_ simulator: RunningSimulator) async throws -> [String] {
        try await requests(simulator).filter { ($0["method"] as? String) == "POST" && !(($0["path"] as? String) ?? "").hasPrefix("/simulator") }
            .compactMap { $0["path"] as? String }
    }

    /// The custom attributes of the Dialpad app's user profile, from the simulator's state.
    static func dialpadAppAttributes(_ simulator: RunningSimulator) async throws -> [String] {
        let state = try JSONSerialization.jsonObject(with: try await simulator.stateJSON()) as? [String: Any]
        let apps = state?["apps"] as? [[String: Any]] ?? []
        let dialpad = apps.first { $0["id"] as? String == "0oaOjMqNowS6JZTZPspC" }
        let custom = (dialpad?["schema"] as? [String: Any])?["custom"] as? [String: Any] ?? [:]
        return custom.keys.sorted()
    }

    /// The procedure's proof in the real binary, in both languages: `u` on a phase screen, a
    /// login typed (letters that are keys elsewhere included), Enter, and the one reason shown.
    @Test("check a user in the demo", arguments: [("en", "The setup is not finished"), ("ja", "設定が完了していません")])
    func userCheckInTheDemo(language: String, reason: String) async throws {
        let tmux = try await TmuxSession(["demo", "--lang", language], environment: ["PATH": "/usr/bin:/bin"])
        defer { tmux.closeNow() }
        Self.expectShown(try await tmux.waitFor(language == "ja" ? "3 つのフェーズ" : "Three phases, seven steps"), "the overview")
        Self.expectShown(try await tmux.press("1", until: language == "ja" ? "手順の値" : "Procedure"), "the attributes phase")
        Self.expectShown(try await tmux.press("u", until: language == "ja" ? "ユーザーを 1 人確認" : "Check one user"), "the user check")
        try await tmux.keys("-l", "user0007@example.com")
        Self.expectShown(try await tmux.waitFor("user0007@example.com"), "the login typed, r (a key elsewhere) included")
        Self.expectShown(try await tmux.press("Enter", until: reason), "the one reason: on a fresh org, the setup is not done")
        Self.expectShown(try await tmux.press("Escape", until: language == "ja" ? "手順の値" : "Procedure"), "back to the phase")
    }

    @Test func fullSetupInTheDemoThenQuitRestoresTheTerminal() async throws {
        let tmux = try await TmuxSession(["demo", "--lang", "en"], environment: ["PATH": "/usr/bin:/bin"])
        defer { tmux.closeNow() }
        Self.expectShown(try await tmux.waitFor("Three phases, seven steps"), "the overview")
        #expect(try await tmux.alternateScreenOn())

        Self.expectShown(try await tmux.press("1", until: "Procedure"), "the attributes phase")
        Self.expectShown(try await tmux.press("A", until: "Apply: these requests will be sent"), "the apply dialog")
        try await tmux.keys("Tab") // write dialogs open on Cancel
        Self.expectShown(try await tmux.press("Enter", until: "✓ Okta user attribute dialpadPhone, Dialpad app attribute dialpadPhone"), "both attributes applied")

        Self.expectShown(try await tmux.press("2", until: "appuser.dialpadPhone"), "the mappings phase")
        Self.expectShown(try await tmux.press("a", until: "Apply: these requests will be sent"), "the apply dialog")
        try await tmux.keys("Tab")
        Self.expectShown(try await tmux.press("Enter", until: "✓ Mapping Dialpad → Okta user"), "the mapping applied")
        try await tmux.keys("Down", "Enter")
        // Before Dialpad sources the attribute, the choice says the sourcing steps come first (issue 23 §1).
        Self.expectShown(try await tmux.waitFor("Waits for later steps, in phase 3"), "the existing-users choice")
        try await tmux.keys("Down", "Enter")
        Self.expectShown(try await tmux.waitFor("[ ] Only new and changed users"), "the choice's guide and its tick")
        try await tmux.keys("Space", "Enter")
        Self.expectShown(try await tmux.waitFor("Recorded as your word"), "the choice recorded")

        try await tmux.keys("Escape", "3", "Enter")
        Self.expectShown(try await tmux.waitFor("DEMO ONLY"), "the manual step with its demo key")
        Self.expectShown(try await tmux.press("D", until: "[ ] I set"), "profile sourcing detected")
        try await tmux.keys("Space", "Enter")
        Self.expectShown(try await tmux.waitFor("Recorded as your word"), "the confirmation recorded")

        try await tmux.keys("Escape", "A")
        Self.expectShown(try await tmux.waitFor("Apply: these requests will be sent"), "the apply dialog")
        try await tmux.keys("Tab")
        Self.expectShown(try await tmux.press("Enter", until: "✓ Apply mapping on create and update, dialpadPhone sourced from Dialpad"), "sourcing applied")
        Self.expectShown(try await tmux.press("s", until: "The org matches every step of the procedure."), "the summary")

        // press() trusts this count to tell a key the pane lost from one the wizard ignored.
        #expect(tmux.keysRead() == 25, "keys counted in the frame log")
        Self.expectShown(try await tmux.press("q", until: "EXIT=0"), "exit status 0 (every step done)")
        #expect(try await tmux.alternateScreenOn() == false, "alternate screen off after quit")
        Self.expectShown(try await tmux.waitFor("STTY=echo"), "echo restored")
    }

    /// SSH passes the admin's LANG to hosts that have only C.UTF-8 (this one has no ja_JP or
    /// en_US locale): the wizard falls back to a UTF-8 locale the host has and draws right.
    @Test("a locale the host lacks still draws Japanese and box lines", arguments: ["ja_JP.UTF-8", "en_US.UTF-8"])
    func aMissingLocaleFallsBackToOneTheHostHas(lang: String) async throws {
        let tmux = try await TmuxSession(["demo", "--lang", "ja"], environment: ["PATH": "/usr/bin:/bin", "LANG": lang])
        defer { tmux.closeNow() }
        Self.expectShown(try await tmux.waitFor("3 つのフェーズ"), "the Japanese overview")
        let phase = try await tmux.press("1", until: "手順の値")
        Self.expectShown(phase, "the attributes phase")
        #expect(phase.screen.contains("┌─ 1 属性") && phase.screen.contains("│"), "box lines drawn: \(phase.screen)")
        Self.expectShown(try await tmux.press("q", until: "EXIT="), "exit")
    }

    /// `--ambiguous-width double`: a terminal that draws box lines two wide gets ASCII frames.
    @Test func ambiguousWidthDoubleDrawsASCIIFrames() async throws {
        let tmux = try await TmuxSession(["demo", "--lang", "ja", "--ambiguous-width", "double"], environment: ["PATH": "/usr/bin:/bin"])
        defer { tmux.closeNow() }
        Self.expectShown(try await tmux.waitFor("3 つのフェーズ"), "the overview")
        let phase = try await tmux.press("1", until: "手順の値")
        Self.expectShown(phase, "the attributes phase")
        #expect(phase.screen.contains("+- 1 属性") && !phase.screen.contains("┌") && !phase.screen.contains("○"), "\(phase.screen)")
        Self.expectShown(try await tmux.press("q", until: "EXIT="), "exit")
    }

    /// `a` on the mapping before the attributes exist: no dialog, no request, and why.
    @Test func applyOnAWaitingStepSendsNothingAndSaysWhy() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let tmux = try await TmuxSession(["setup"], environment: Self.orgEnvironment(simulator, home: home))
        defer { tmux.closeNow() }
        Self.expectShown(try await tmux.waitFor("Three phases"), "the overview")
        Self.expectShown(try await tmux.press("2", until: "appuser.dialpadPhone"), "the mappings phase")
        let said = try await tmux.press("a", until: "nothing was sent")
        Self.expectShown(said, "why nothing was sent")
        #expect(said.screen.contains("waits for Okta user attribute dialpadPhone"), "\(said.screen)")
        #expect(!said.screen.contains("Apply: these requests"))
        #expect(try await Self.writes(simulator).isEmpty)
        // Esc goes back, and the first screen's Esc does not quit.
        Self.expectShown(try await tmux.press("Escape", until: "Three phases"), "back to the overview")
        Self.expectShown(try await tmux.press("q", until: "EXIT="), "exit")
        await simulator.shutdown()
    }

    /// Setup run again with nothing given offers the org the journal already names.
    @Test func setupAgainOffersTheJournalledOrg() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let environment = Self.orgEnvironment(simulator, home: home)
        let applied = try await Binary.run(["apply", "--yes", "--phase", "attributes"], environment: Binary.environment(environment, home: home))
        #expect(applied.status == 3, "\(applied.stderr)")
        let tmux = try await TmuxSession(["setup"], environment: ["HOME": home, "PATH": "/usr/bin:/bin"])
        defer { tmux.closeNow() }
        let form = try await tmux.waitFor(simulator.baseURL)
        Self.expectShown(form, "the org URL from the journal, in the form")
        #expect(form.screen.contains("API token"), "\(form.screen)")
        try await tmux.keys("Escape")
        try await Task.sleep(for: .milliseconds(300))
        #expect(!(try await tmux.capture()).contains("EXIT="), "Esc on the first screen does not quit")
        Self.expectShown(try await tmux.press("F10", until: "EXIT="), "F10 quits")
        await simulator.shutdown()
    }

    /// Plain mode on a terminal: the org typed as a line, the token read without echo, so it
    /// is never on the screen (or in a log of it), then the org's overview.
    @Test func plainModeReadsTheTokenWithoutEcho() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let tmux = try await TmuxSession(["setup", "--plain"], environment: ["HOME": Binary.emptyHome(), "PATH": "/usr/bin:/bin"])
        defer { tmux.closeNow() }
        Self.expectShown(try await tmux.waitFor("Connect to your Okta org"), "the connect screen as lines")
        try await tmux.keys("-l", simulator.baseURL)
        try await tmux.keys("Enter")
        Self.expectShown(try await tmux.waitFor("API token"), "asked for the token")
        try await tmux.keys("-l", simulator.token)
        try await tmux.keys("Enter")
        let overview = try await tmux.waitFor("Three phases", seconds: 30)
        Self.expectShown(overview, "connected: the overview as lines")
        let history = try await tmux.captureHistory()
        #expect(history.contains(simulator.baseURL), "the org URL was echoed as typed: \(history)")
        #expect(!history.contains(simulator.token), "the token never shows: \(history)")
        try await tmux.keys("q", "Enter")
        Self.expectShown(try await tmux.waitFor("EXIT="), "exit")
        await simulator.shutdown()
    }

    @Test func sigtermRestoresTheTerminal() async throws {
        let tmux = try await TmuxSession(["demo"], environment: ["PATH": "/usr/bin:/bin"])
        defer { tmux.closeNow() }
        Self.expectShown(try await tmux.waitFor("Three phases"), "the overview")
        #expect(try await tmux.alternateScreenOn())
        let pid = try #require(try tmux.binaryPid())
        kill(pid, SIGTERM)
        Self.expectShown(try await tmux.waitFor("EXIT=143"), "death by SIGTERM")
        #expect(try await tmux.alternateScreenOn() == false, "alternate screen off after SIGTERM")
        Self.expectShown(try await tmux.waitFor("STTY=echo"), "echo restored after SIGTERM")
    }

    @Test func resizeBelowTheMinimumSaysSoThenRecovers() async throws {
        let tmux = try await TmuxSession(["demo"], environment: ["PATH": "/usr/bin:/bin"])
        defer { tmux.closeNow() }
        Self.expectShown(try await tmux.waitFor("Three phases"), "the overview")
        try await tmux.resize(width: 70, height: 20)
        Self.expectShown(try await tmux.waitFor("needs at least 80x24"), "the too-small message")
        try await tmux.resize(width: 120, height: 35)
        Self.expectShown(try await tmux.waitFor("Three phases"), "the overview again")
        Self.expectShown(try await tmux.press("q", until: "EXIT="), "exit")
    }

    @Test func inspectionShowsNoWriteActionAndWritesNothing() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let tmux = try await TmuxSession(["setup", "--inspect"], environment: Self.orgEnvironment(simulator, home: home))
        defer { tmux.closeNow() }
        Self.expectShown(try await tmux.waitFor("READ-ONLY INSPECTION"), "the read-only banner")
        Self.expectShown(try await tmux.waitFor("Three phases"), "the overview")
        let screen = try await tmux.press("1", until: "Procedure")
        Self.expectShown(screen, "the attributes phase")
        #expect(!screen.screen.contains("apply step") && !screen.screen.contains("roll back"), "\(screen.screen)")
        try await tmux.keys("a", "A", "b", "Enter")
        try await Task.sleep(for: .milliseconds(500))
        #expect(!(try await tmux.capture()).contains("Apply: these requests"))
        #expect(try await Self.writes(simulator).isEmpty)
        Self.expectShown(try await tmux.press("q", until: "EXIT=3"), "exit 3: steps not done")
        await simulator.shutdown()
    }

    @Test func killedMidApplyThenResumedFromTheJournal() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh", latencyMs: 400))
        let home = Binary.emptyHome()
        let stateFile = home + "/journal.json"
        let environment = Self.orgEnvironment(simulator, home: home)
        let first = try await TmuxSession(["setup", "--state-file", stateFile], environment: environment)
        defer { first.closeNow() }
        Self.expectShown(try await first.waitFor("Three phases"), "the overview")
        try await first.keys("1", "A")
        Self.expectShown(try await first.waitFor("Apply: these requests will be sent"), "the apply dialog")
        try await first.keys("Tab", "Enter")
        var landed = 0
        for _ in 0..<300 {
            landed = try await Self.writes(simulator).count
            if landed > 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(try #require(try first.binaryPid()), SIGKILL)
        Self.expectShown(try await first.waitFor("EXIT=137"), "killed")
        await first.close()
        #expect(landed > 0, "killed after a write landed")

        let second = try await TmuxSession(["setup", "--state-file", stateFile], environment: environment)
        defer { second.closeNow() }
        // A kill that came after both writes were journalled as done leaves nothing unfinished:
        // the wizard then opens on the overview (issue 23 §4) and there is nothing to resume.
        let opened = try await second.waitUntil(seconds: 60) { $0.contains("was started before") || $0.contains("Three phases, seven steps") }
        Self.expectShown(opened, "the resume offer, or the overview of a finished phase")
        guard opened.screen.contains("was started before") else {
            let writes = try await Self.writes(simulator)
            #expect(writes.count == 2, "both writes of the phase landed before the kill: \(writes)")
            try await second.keys("q")
            await simulator.shutdown()
            return
        }
        let writesBefore = try await Self.writes(simulator)
        try await second.keys("Enter")
        // Resume settles what the crash left, then shows what is left of the interrupted run's
        // phase before sending any of it; when the crash left nothing of it, it says so.
        let shown = try await second.waitUntil(seconds: 60) { $0.contains("Apply: these requests will be sent") || $0.contains("Resumed: ") }
        Self.expectShown(shown, "the plan for what is left, or what resume settled")
        #expect(try await Self.writes(simulator) == writesBefore, "nothing new sent before the admin saw it")
        if shown.screen.contains("Apply: these requests will be sent") {
            try await second.keys("Tab", "Enter")
            // The notice of what was written: "✓ <steps> (N requests)".
            Self.expectShown(try await second.waitUntil(seconds: 60) { screen in
                screen.split(separator: "\n").contains { $0.contains("✓ ") && $0.contains(" request") && !$0.contains("Resumed") }
            }, "the rest applied")
        }
        let writes = try await Self.writes(simulator)
        #expect(writes.filter { $0.contains("/meta/schemas/user/") }.count == 1, "the Okta attribute written once: \(writes)")
        #expect(writes.filter { $0.contains("/meta/schemas/apps/") }.count == 1, "the app attribute written once: \(writes)")
        #expect(!writes.contains { $0.contains("/mappings/") }, "nothing beyond the interrupted run's phase: \(writes)")
        try await second.keys("q")
        Self.expectShown(try await second.waitFor("EXIT="), "exit")
        await simulator.shutdown()
    }

    @Test func rollBackOneStepFromTheWizard() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let stateFile = home + "/journal.json"
        let environment = Self.orgEnvironment(simulator, home: home)
        let applied = try await Binary.run(["apply", "--yes", "--phase", "attributes", "--state-file", stateFile],
                                           environment: Binary.environment(environment, home: home))
        #expect(applied.status == 3, "\(applied.stderr)")
        #expect(try await Self.dialpadAppAttributes(simulator) == ["dialpadPhone"])

        let tmux = try await TmuxSession(["setup", "--state-file", stateFile], environment: environment)
        defer { tmux.closeNow() }
        // The attributes phase that apply was asked for is done: no resume offer (issue 23 §4).
        Self.expectShown(try await tmux.waitFor("Three phases, seven steps"), "the overview")
        try await tmux.keys("1", "Down", "b")
        Self.expectShown(try await tmux.waitFor("Roll back: restore what this tool changed"), "the rollback dialog")
        Self.expectShown(try await tmux.waitFor("Deletes dialpadPhone from the Dialpad app user profile"), "the data-deletion warning")
        try await tmux.keys("Space", "Tab", "Enter")
        Self.expectShown(try await tmux.waitFor("✓ Rolled back Dialpad app attribute dialpadPhone"), "the app attribute rolled back")
        #expect(try await Self.dialpadAppAttributes(simulator) == [], "the app attribute is gone")
        #expect(String(decoding: try await simulator.stateJSON(), as: UTF8.self).contains("Dialpad Phone"), "the Okta attribute stays")
        Self.expectShown(try await tmux.press("q", until: "EXIT="), "exit")
        await simulator.shutdown()
    }

    /// Frames after the first send ncurses only the cells that changed. Japanese text (two
    /// columns a glyph) across screens of different layouts must leave the terminal exactly as a
    /// full redraw (forced here by a resize there and back) paints the same state.
    @Test func changedCellsOnlyLeaveTheSameScreenAsAFullRedraw() async throws {
        let tmux = try await TmuxSession(["demo", "--lang", "ja"], environment: ["PATH": "/usr/bin:/bin"])
        defer { tmux.closeNow() }
        Self.expectShown(try await tmux.waitFor("3 つのフェーズ"), "the overview")
        Self.expectShown(try await tmux.press("1", until: "手順の値"), "the attributes phase")
        Self.expectShown(try await tmux.press("2", until: "appuser.dialpadPhone"), "the mappings phase")
        Self.expectShown(try await tmux.press("?", until: "F1"), "the help")
        try await tmux.keys("Escape", "3")
        try await Task.sleep(for: .seconds(1))
        try await tmux.keys("Escape")
        Self.expectShown(try await tmux.waitFor("3 つのフェーズ"), "the overview again")
        // Let the re-reads those screens started finish before comparing.
        try await Task.sleep(for: .seconds(2))
        let diffed = try await tmux.capture()
        try await tmux.resize(width: 120, height: 35)
        _ = try await tmux.waitFor("3 つのフェーズ")
        try await tmux.resize(width: 100, height: 30)
        try await Task.sleep(for: .seconds(1))
        let redrawn = try await tmux.capture()
        #expect(diffed == redrawn, "diffed:\n\(diffed)\nredrawn:\n\(redrawn)")
        Self.expectShown(try await tmux.press("q", until: "EXIT="), "exit")
    }

    /// `--client-id` and `--private-key` sign the wizard in as they do `inspect`: no token
    /// field to fill, an access token from the org's authorization server.
    @Test func oauthFlagsSignTheWizardIn() async throws {
        let key = try SigningKey.generateRSA()
        let home = Binary.emptyHome()
        let keyFile = home + "/key.pem"
        _ = FileManager.default.createFile(atPath: keyFile, contents: Data(key.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600])
        var options = SimulatorOptions(seed: "fresh")
        options.serviceApps = [SimulatedServiceApp(clientId: "0oaWizardE2E", publicKeys: [key.publicKeyPEM],
                                                   grantedScopes: Array(Set(OAuthScopes.read + OAuthScopes.write)))]
        let simulator = try await OktaSimulator.start(options)
        let tmux = try await TmuxSession(["setup", "--client-id", "0oaWizardE2E", "--private-key", keyFile],
                                         environment: ["OKTA_CLIENT_ORGURL": simulator.baseURL, "HOME": home, "PATH": "/usr/bin:/bin"])
        defer { tmux.closeNow() }
        Self.expectShown(try await tmux.waitFor("Three phases"), "the overview, signed in with the service app")
        let requests = try await Self.requests(simulator)
        #expect(requests.contains { ($0["path"] as? String) == "/oauth2/v1/token" }, "an access token was requested")
        Self.expectShown(try await tmux.press("q", until: "EXIT="), "exit")
        await simulator.shutdown()
    }
}
