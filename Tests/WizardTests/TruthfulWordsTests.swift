import Foundation
import OktaClient
import OktaSimulator
@testable import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// The attack on issue 23, findings 7, 9, 10 and 12: what the wizard says around writes, the
/// admin's word and the apps it chooses between is true, and says it once.
@Suite struct TruthfulWordsTests {
    static let clock: @Sendable () -> (String, Double) = { ("09:00:00", Date().timeIntervalSince1970) }

    // MARK: 7. Words around writes

    /// A write Okta answered with a 500 and did not apply is read back before the dialog: the
    /// dialog says it was not applied, not "unsettled, run resume" beside the status line's
    /// "a or A sends what is left"; the journal keeps no unsettled write.
    @Test func aWriteAnsweredWithA500IsReadBackBeforeTheDialogSpeaks() async throws {
        var options = SimulatorOptions(seed: "fresh")
        // The Okta attribute's write and its one resend both answered 500, neither applied.
        options.failingWrites = [1, 2]
        let simulator = try await OktaSimulator.start(options)
        let store = Fixtures.temporaryJournal()
        let client = try Fixtures.client(simulator)
        let services = WizardServices(makeClient: { _, _, _ in client }, makeStore: { _ in store })
        let engine = WizardEngine(services: services, mode: .setup, strings: .for(.en), post: { _ in })
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 100, height: 30))
        if let connected = await engine.perform(.connect(org: "", token: nil), clock: Self.clock) {
            _ = update(&state, connected)
            let plan = try #require(state.plan(for: [.oktaAttribute]))
            let approved = try #require(ApprovedPlan.shownInDialog(Proposal(plan: plan, observation: state.observation!), reading: DialogReading(rows: 1, lastRowShown: 0)))
            state.busy = .applying(approved.steps)
            let event = await engine.perform(.apply(approved), clock: Self.clock)
            if case .failed(_, let message, let tally, let journal)? = event {
                #expect(journal?.entries.map(\.outcome) == [.failed], "read back: not applied, nothing left for resume")
                #expect(tally?.unsettled == [])
                let cause = OktaError(code: .api, httpStatus: 500, errorCode: "E0000009", problem: .refused(status: 500))
                let resume = try #require(ErrorText(.en).report(UnsettledWrite(step: .oktaAttribute, cause: cause)).hint)
                let settled = try #require(ErrorText(.en).report(SettledWrite(step: .oktaAttribute, cause: cause, applied: false)).hint)
                #expect(!message.lines.contains { $0.contains(resume) }, "\(message.lines)")
                #expect(message.lines.contains { $0.contains(settled) }, "\(message.lines)")
            } else {
                Issue.record("not a failure: \(String(describing: event))")
            }
        } else {
            Issue.record("no connection")
        }
        await engine.shutdown()
        await simulator.shutdown()
    }

    @Test func aSettledWriteIsWordedInBothLanguagesAndNeverSendsToResume() {
        let cause = OktaError(code: .api, httpStatus: 500, errorCode: "E0000009", problem: .refused(status: 500))
        for language in [Language.en, .ja] {
            let text = ErrorText(language)
            let unsettled = text.report(UnsettledWrite(step: .mapping, cause: cause))
            let applied = text.report(SettledWrite(step: .mapping, cause: cause, applied: true))
            let notApplied = text.report(SettledWrite(step: .mapping, cause: cause, applied: false))
            #expect(applied.lines == unsettled.lines && notApplied.lines == unsettled.lines, "the cause is said as it was")
            #expect(Set([applied.hint, notApplied.hint, unsettled.hint]).count == 3)
            #expect(applied.hint?.contains("resume") == false && notApplied.hint?.contains("resume") == false)
            #expect(applied.code == unsettled.code)
        }
    }

    /// "What you did in the Admin Console stays" only for console steps done or confirmed.
    @Test func theRollbackDialogNamesOnlyConsoleStepsDone() async throws {
        let fresh = try await Observations.shared.of("fresh")
        var state = WizardWordsTests.state(fresh, .en, .phase(.attributes))
        state.journal = SnapshotTests.journal(SnapshotTests.appliedAttributes)
        let entries = state.rollbackEntries(for: [.oktaAttribute])
        #expect(RollbackWarning.consoleDone(in: state) == [])
        let nothingDone = RollbackWarning.of(chosen: [.oktaAttribute], entries: entries, consoleDone: RollbackWarning.consoleDone(in: state))
        #expect(!nothingDone.contains { if case .consoleStepsStay = $0 { true } else { false } }, "\(nothingDone)")

        // The admin's word on existing users is a console step done, though the org cannot show it.
        state.journal?.confirmations = [SetupEngine.Confirmation(step: .existingUsers, choice: .newUsersOnly, at: "2026-11-23T09:20:00Z")]
        #expect(RollbackWarning.consoleDone(in: state) == [.existingUsers])

        let complete = try await Observations.shared.of("complete")
        let sourcing = WizardWordsTests.state(complete, .en, .phase(.attributes))
        #expect(RollbackWarning.consoleDone(in: sourcing).contains(.profileSource), "the org shows Dialpad as a profile source")
    }

    /// No space between two Japanese words: "「なし」に戻す", not "なし に戻す".
    @Test func aJapaneseRestoreLineHasNoSpaceInsideJapanese() {
        let entry = SnapshotTests.entry(.appAttribute, "POST", "/api/v1/meta/schemas/apps/0oa1/default", before: .null, after: nil, .done, at: "2026-11-23T09:14:03Z")
        let line = Array(Strings.for(.ja).restore(entry))
        for index in line.indices.dropFirst().dropLast() where line[index] == " " {
            #expect(line[index - 1].isASCII || line[index + 1].isASCII, "\(String(line))")
        }
    }

    // MARK: 9. Logins

    /// Okta matches a login whatever its capitals (and so does the simulator): the hint of "no
    /// such user" never says capitals must match, in either language.
    @Test func noSuchUserNeverClaimsLoginsMatchCapitalsExactly() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "complete"))
        let client = try Fixtures.client(simulator)
        let found = try? await client.findUser("USER0051@EXAMPLE.COM")
        var refusal: OktaError?
        do { _ = try await client.findUser("nobody@example.com") } catch let error as OktaError { refusal = error } catch {}
        await client.shutdown()
        await simulator.shutdown()
        #expect(found?.login == "user0051@example.com", "a login in other capitals finds the user")
        let error = try #require(refusal)
        #expect(error.problem == .noUserWithLogin(login: "nobody@example.com"))
        for (language, claims) in [(Language.en, ["capital", "exactly"]), (.ja, ["大文字", "区別"])] {
            let hint = try #require(ErrorText(language).report(error).hint)
            for claim in claims { #expect(!hint.contains(claim), "\(language): \(hint)") }
        }
    }

    // MARK: 10. Apps that look like Dialpad

    static let apps = [
        OktaApp(id: "0oaOjMqNowS6JZTZPspC", name: "dialpad", label: "Dialpad", status: "ACTIVE", signOnMode: "SAML_2_0",
                features: ["IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS"],
                lastUpdated: "2026-01-15T10:00:00.000Z", created: "2026-01-15T10:00:00.000Z"),
        OktaApp(id: "0oaxxzkHxKsukQPDO4Q9", name: "dialpad", label: "Dialpad", status: "ACTIVE", signOnMode: "SAML_2_0",
                features: ["IMPORT_NEW_USERS", "PUSH_NEW_USERS"], lastUpdated: "2026-03-02T08:30:00.000Z", created: "2026-03-02T08:30:00.000Z"),
    ]

    /// The app-choice dialog tells the apps apart by when each was added, in words, and keeps
    /// each app's detail lines under it.
    @Test(arguments: [Language.en, .ja])
    func theAppChoiceSaysWhenEachWasAddedInWords(language: Language) {
        var state = WizardState(mode: .setup, language: language, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        state.timeZone = TimeZone(identifier: "UTC")!
        state.modal = .chooseApp(Self.apps, focus: 0)
        let lines = WrongMessagesTests.screenLines(state)
        let text = lines.joined(separator: "\n")
        let s = state.strings
        for app in Self.apps { #expect(text.contains(s.time(app.created!, timeZone: state.timeZone)), "\(text)") }
        #expect(!text.contains("IMPORT_NEW_USERS") && !text.contains("PUSH_NEW_USERS"), "features in words: \(text)")
        // Under its app: every line between the apps' rows starts at the details' indent.
        let first = lines.firstIndex { $0.contains(Self.apps[0].id) }!, second = lines.firstIndex { $0.contains(Self.apps[1].id) }!
        // What is left of "(•)" is the frames' ASCII, so a character's index is its column there.
        let column = lines[first].range(of: "(•)").map { lines[first].distance(from: lines[first].startIndex, to: $0.lowerBound) }!
        for line in lines[(first + 1)..<second] {
            let cells = Array(line)
            let rest = String(cells[column...]).trimmingCharacters(in: CharacterSet(charactersIn: " │"))
            #expect(rest.isEmpty || (String(cells[column..<(column + 4)]) == "    " && cells[column + 4] != " "), "\(line)")
        }
    }

    // MARK: 12. Withdrawing the admin's word

    /// One `b`, one word: the newest first; each notice names the word withdrawn; the override
    /// written while the unseen-source word stood is named when that word goes; a third `b`
    /// says none is recorded now.
    @Test func eachBWithdrawsOneWordAndSaysWhich() async throws {
        var state = try await UpdateTests.connected("partial")
        let unseen = SetupEngine.Confirmation(step: .profileSource, choice: .otherSourceUnseen, at: "2026-12-07T12:00:00Z")
        let lowest = SetupEngine.Confirmation(step: .profileSource, choice: .doNothingLowestPriority, at: "2026-12-07T12:01:00Z")
        let override = SnapshotTests.entry(.sourcePriority, "POST", SnapshotTests.schemaPath, before: .null, after: .object([:]), .done, at: "2026-12-07T12:02:00Z")
        var journal = SnapshotTests.journal([override], confirmations: [unseen, lowest])
        state.journal = journal
        state.screen = .manual(.profileSource)

        #expect(UpdateTests.press([.character("b")], &state) == [.withdraw(lowest)])
        journal.confirmations = [unseen]
        _ = update(&state, .finished(.withdrawing(lowest), entries: [], journal: journal, clock: "12:03:00"))
        #expect(state.notice == .withdrawn(.doNothingLowestPriority, writtenUnder: []))

        #expect(UpdateTests.press([.character("b")], &state) == [.withdraw(unseen)])
        journal.confirmations = []
        _ = update(&state, .finished(.withdrawing(unseen), entries: [], journal: journal, clock: "12:03:05"))
        #expect(state.notice == .withdrawn(.otherSourceUnseen, writtenUnder: [.sourcePriority]))

        #expect(UpdateTests.press([.character("b")], &state).isEmpty)
        #expect(state.notice == .nothingToWithdraw(.profileSource))
        for language in [Language.en, .ja] {
            let s = Strings.for(language)
            let named = s.notice(.withdrawn(.otherSourceUnseen, writtenUnder: [.sourcePriority]))
            #expect(named.contains(s.stepTitle(.sourcePriority)) && named.contains(s.choice(.otherSourceUnseen)), "\(named)")
        }
    }

    /// Recording the unseen-source word says what was recorded, not that the step is confirmed.
    @Test func recordingSaysWhichWordNotThatTheStepIsConfirmed() async throws {
        var state = try await UpdateTests.connected("partial")
        state.screen = .manual(.profileSource)
        state.busy = .recording(.otherSourceUnseen)
        _ = update(&state, .finished(.recording(.otherSourceUnseen), entries: [], journal: nil, clock: "12:00:00"))
        #expect(state.notice == .recorded(.otherSourceUnseen))
        for language in [Language.en, .ja] {
            let s = Strings.for(language)
            let words = s.notice(.recorded(.otherSourceUnseen))
            #expect(words.contains(s.choice(.otherSourceUnseen)) && !words.contains(s.labelled(s.stepTitle(.profileSource), s.confirmedByAdmin)), "\(words)")
        }
    }

    /// The engine takes back the one word asked for, and keeps the others.
    @Test func withdrawingTakesBackOneWord() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "partial"))
        let client = try Fixtures.client(simulator)
        let store = Fixtures.temporaryJournal()
        let unseen = SetupEngine.Confirmation(step: .profileSource, choice: .otherSourceUnseen, at: "2026-12-07T12:00:00Z")
        let lowest = SetupEngine.Confirmation(step: .profileSource, choice: .doNothingLowestPriority, at: "2026-12-07T12:01:00Z")
        var journal = Journal(org: client.org.description, appId: nil)
        journal.confirmations = [unseen, lowest]
        let left: Journal?
        do {
            try store.save(journal)
            left = try await Executor(client: client, store: store).withdraw(lowest)
        } catch {
            left = nil
            Issue.record("\(error)")
        }
        await client.shutdown()
        await simulator.shutdown()
        #expect(left?.confirmations == [unseen])
    }
}
