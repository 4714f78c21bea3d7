import Foundation
import Synchronization
import OktaClient
import OktaSimulator
@testable import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Issue 23, re-attack N3, N5 and N8: after a failure the wizard tells the truth. A step
/// changed since this tool wrote it is left alone and the rest rolled back (no loop on `b`),
/// with the values this tool wrote; a write that is not in the org is "nothing to undo", and
/// deletes nobody's value; while a write is in flight, a, A and b open nothing.
@Suite struct RollbackTruthTests {
    static let appSchemaPath = RollbackSafetyTests.appSchemaPath

    /// `fresh` applied unattended, then another admin edits the title of the app attribute
    /// this tool wrote. Runs `body` with the client and the journal's store.
    static func appliedThenEdited(_ body: (OktaClient, JournalStore) async throws -> Void) async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let client = try Fixtures.client(simulator)
        let store = Fixtures.temporaryJournal()
        do {
            _ = try await Executor(client: client, store: store).apply(appId: nil, approver: .unattended)
            var attribute = try #require(try await Observer(client: client).observe().appSchema?.customProperties["dialpadPhone"])
            attribute.title = "Phone (edited)"
            _ = try await client.send(.POST, url: client.url(Self.appSchemaPath),
                                      body: JSONEncoder.okta.encode(JSONValue.object(["definitions": .object(["custom": .object([
                                          "id": .string("#custom"), "type": .string("object"), "properties": .object(["dialpadPhone": JSONValue(encoding: attribute)]),
                                      ])])])))
            try await body(client, store)
        } catch {
            Issue.record("\(error)")
        }
        await client.shutdown()
        await simulator.shutdown()
    }

    /// The wizard connected to the org as `client` reads it now, with the journal in `store`.
    static func wizard(_ client: OktaClient, _ store: JournalStore, _ language: Language = .en) async throws -> WizardState {
        var state = WizardState(mode: .setup, language: language, theme: Theme(colour: false), size: Size(width: 100, height: 40))
        let observation = try await Observer(client: client).observe()
        let journal = try store.load()
        _ = update(&state, .connected(org: client.org.description, isPreview: false, journal: journal, journalPath: store.url.path,
                                      observation, Planner.plan(observation, confirmations: journal?.confirmations ?? []), clock: "09:00:00", at: 100))
        state.screen = .overview
        state.observing = false
        return state
    }

    // MARK: N3

    /// The engine leaves the changed step alone when asked, and rolls back the rest: the
    /// unchanged Okta user attribute and the mapping are undone, the edited title stays.
    @Test func aStepLeftAloneKeepsTheAdminsChangeAndTheRestIsRolledBack() async throws {
        try await Self.appliedThenEdited { client, store in
            let observation = try await Observer(client: client).observe()
            let entries = try #require(try store.load()).entries.reversed().map { $0 }
            let findings = Executor.findings(entries, in: observation, desired: DesiredConfiguration())
            let byStep = Dictionary(uniqueKeysWithValues: zip(entries.map(\.step), findings))
            #expect(byStep[.appAttribute] == .changed(.fields(["title"]), wrote: [WrittenField(name: "title", value: .string("Dialpad Phone"))]))
            #expect(byStep[.oktaAttribute] == .toUndo && byStep[.mapping] == .toUndo)

            let undone = try await Executor(client: client, store: store).rollback(steps: nil, deleteAttributeData: true, leavingAlone: [.appAttribute])
            #expect(Set(undone.map(\.step)) == [.oktaAttribute, .mapping])
            let after = try await Observer(client: client).observe()
            #expect(after.userSchema.customProperties["dialpadPhone"] == nil, "the unchanged Okta user attribute is rolled back")
            #expect(after.appSchema?.customProperties["dialpadPhone"]?.title == "Phone (edited)", "the admin's change stays")
        }
    }

    /// Asked to roll back everything without leaving the changed step alone, the engine still
    /// refuses, and names the values this tool wrote for the changed fields.
    @Test func aChangeNobodyWasShownStillRefusesWithTheValuesWritten() async throws {
        try await Self.appliedThenEdited { client, store in
            let writes = client.log.writeCount
            let refusal = try await #require(throws: RollbackRefusal.self) {
                try await Executor(client: client, store: store).rollback(steps: nil, deleteAttributeData: true)
            }
            #expect(refusal.reason == .changedSinceApplied(step: .appAttribute, change: .fields(["title"]),
                                                           wrote: [WrittenField(name: "title", value: .string("Dialpad Phone"))]))
            #expect(client.log.writeCount == writes)
            // The hint gives that value in words, in both languages, never as JSON.
            for language in [Language.en, .ja] {
                let hint = try #require(ErrorText(language).report(refusal).hint)
                #expect(hint == Strings.for(language).restoreByHand([WrittenField(name: "title", value: .string("Dialpad Phone"))]))
                #expect(hint.contains(Strings.for(language).writtenValue(.string("Dialpad Phone"))) && !hint.contains("{"))
            }
        }
    }

    /// After the refusal, `b` on the overview opens a rollback that marks the changed step as
    /// left alone and sends the rest; once only changed steps are left, `b` says so instead of
    /// offering them again (the loop of N3).
    @Test(arguments: [Language.en, .ja])
    func bLeavesTheChangedStepAloneAndNeverLoops(_ language: Language) async throws {
        try await Self.appliedThenEdited { client, store in
            var state = try await Self.wizard(client, store, language)
            _ = UpdateTests.press([.character("b")], &state)
            guard case .rollback(let steps, let entries, let deletes, _, _) = state.modal else {
                Issue.record("b opened no rollback: \(String(describing: state.notice))"); return
            }
            #expect(deletes, "the Okta user attribute is still deleted, with its data")
            #expect(state.leftAlone(entries) == [.appAttribute])
            let line = zip(entries, state.rollbackFindings(entries)).first { $0.0.step == .appAttribute }.map { state.strings.rollbackLine($0.0, $0.1) }
            #expect(line == state.strings.rollbackLine(entries.first { $0.step == .appAttribute }!,
                                                      .changed(.fields(["title"]), wrote: [WrittenField(name: "title", value: .string("Dialpad Phone"))])))
            // Tick the box, read every row, Roll back: the effect leaves the changed step alone.
            if case .rollback(_, _, _, _, 2) = state.modal { _ = UpdateTests.press([.tab], &state) }
            _ = UpdateTests.press([.character(" ")] + Array(repeating: .pageDown, count: 6) + [.tab], &state)
            guard case .rollback(_, _, _, true, 1) = state.modal else { Issue.record("not on Roll back, ticked: \(String(describing: state.modal))"); return }
            let effects = UpdateTests.press([.enter], &state)
            #expect(effects == [.rollback(steps, deleteAttributeData: true, leavingAlone: [.appAttribute])])

            // The engine does it; the wizard says what it did and what it left alone.
            let before = state.journal
            let undone = try await Executor(client: client, store: store).rollback(steps: Set(steps), deleteAttributeData: true, leavingAlone: [.appAttribute])
            _ = update(&state, .finished(.rollingBack(steps), entries: undone, journal: try store.load(), clock: "09:01:00"))
            #expect(before != state.journal)
            #expect(state.notice == .rollbackSummary(RollbackSummary(rolledBack: [.oktaAttribute, .mapping], requests: 2, notInOrg: [], leftAlone: [.appAttribute])))

            // b again: nothing but the changed step is left, and it is not offered again.
            state = try await Self.wizard(client, store, language)
            _ = UpdateTests.press([.character("b")], &state)
            #expect(state.modal == nil)
            #expect(state.notice == .nothingLeftToRollBack(leftAlone: [.appAttribute]))
        }
    }

    // MARK: N5

    /// A write Okta acknowledged but never showed (an intent, not in the org): its rollback has
    /// no deletion box or warning, sends nothing, and says "nothing to undo: not in the org".
    @Test(arguments: [Language.en, .ja])
    func aWriteNotInTheOrgIsNothingToUndo(_ language: Language) async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let client = try Fixtures.client(simulator)
        let store = Fixtures.temporaryJournal()
        do {
            var journal = Journal(org: client.org.description, appId: nil)
            journal.entries = [SnapshotTests.entry(.oktaAttribute, "POST", "/api/v1/meta/schemas/user/default", before: .null, after: nil, .intent, at: "2026-12-07T09:00:00Z")]
            try store.save(journal)
            var state = try await Self.wizard(client, store, language)
            _ = UpdateTests.press([.character("b")], &state)
            guard case .rollback(let steps, let entries, let deletes, _, _) = state.modal else { Issue.record("no dialog: \(String(describing: state.notice))"); return }
            #expect(state.rollbackFindings(entries) == [.asFound])
            #expect(!deletes, "no user's number is deleted: the attribute is not in the org")
            var buffer = Buffer(size: state.size)
            render(state, into: &buffer)
            let shown = buffer.lines.joined(separator: "\n")
            #expect(!shown.contains(state.strings.rollbackWarning(.deletesAttribute(.oktaAttribute)).prefix(30)))
            _ = UpdateTests.press(Array(repeating: .pageDown, count: 4) + [.backTab], &state)
            guard case .rollback(_, _, _, _, 1) = state.modal else { Issue.record("not on Roll back: \(String(describing: state.modal))"); return }
            let effects = UpdateTests.press([.enter], &state)
            #expect(effects == [.rollback(steps, deleteAttributeData: false)])

            // The engine, not asked to delete data, sends nothing and records it as found.
            let writes = client.log.writeCount
            let undone = try await Executor(client: client, store: store).rollback(steps: Set(steps), deleteAttributeData: false)
            #expect(undone.isEmpty && client.log.writeCount == writes)
            let after = try #require(try store.load())
            #expect(after.entries.map(\.rolledBackAsFound) == [true])
            _ = update(&state, .finished(.rollingBack(steps), entries: undone, journal: after, clock: "09:01:00"))
            #expect(state.notice == .rollbackSummary(RollbackSummary(rolledBack: [], requests: 0, notInOrg: [.oktaAttribute], leftAlone: [])))
        } catch {
            Issue.record("\(error)")
        }
        await client.shutdown()
        await simulator.shutdown()
    }

    /// The wizard's dialog for a write Okta never showed gives no command line: its next step
    /// is the wizard's own, on the status line (the command line keeps `dialpad-okta resume`).
    @Test(arguments: [Language.en, .ja])
    func theUnconfirmedWriteDialogGivesOnlyTheWizardsNextStep(_ language: Language) {
        for error: any Error in [UnverifiedWriteError(step: .oktaAttribute), UnsettledWrite(step: .mapping, cause: JapaneseTests.invalidToken)] {
            let text = ErrorText(language)
            let cliHint = text.report(error).hint
            let wizardHint = Strings.for(language).hintInTheWizard(error)
            #expect(cliHint != nil && wizardHint != nil && wizardHint != cliHint)
            let dialog = text.dialog(error)
            #expect(!dialog.lines.contains { line in cliHint.map { line.hasSuffix($0) } ?? false }, "no command line in the wizard")
            #expect(dialog.lines.contains { $0.hasSuffix(wizardHint ?? "-") })
        }
    }

    // MARK: N8

    /// While a write waits for its read-back, a, A and b open nothing and say a write is in
    /// progress; Send in an Apply dialog keeps the dialog and says why.
    @Test func aAAndBSayAWriteIsInProgress() async throws {
        var state = try await UpdateTests.connected("fresh")
        _ = UpdateTests.press([.character("1")], &state)
        state.observing = false
        state.journal = SnapshotTests.journal(SnapshotTests.appliedAttributes)
        state.busy = .applying([.oktaAttribute])
        for key: Key in [.character("a"), .character("A"), .character("b"), .enter] {
            #expect(UpdateTests.press([key], &state).isEmpty)
            #expect(state.modal == nil, "\(key) opened \(String(describing: state.modal))")
            #expect(state.notice == .keyUnavailable(key, .writeInProgress))
        }
        _ = UpdateTests.press([.escape], &state)
        #expect(state.screen == .overview)
        _ = UpdateTests.press([.character("b")], &state)
        #expect(state.modal == nil && state.notice == .keyUnavailable(.character("b"), .writeInProgress))
        for language in [Language.en, .ja] {
            #expect(Strings.for(language).notice(.keyUnavailable(.character("a"), .writeInProgress)) == Strings.for(language).writeInProgress("a"))
        }
    }

    /// The refusal is seen: the status line shows it under the write's progress (which it
    /// used to leave in place, so nothing appeared), and the footer stops offering a, A and b.
    @Test func aWriteInProgressIsSaidUnderItsProgressAndTheFooterOffersNoWrite() async throws {
        var state = try await UpdateTests.connected("fresh")
        _ = UpdateTests.press([.character("1")], &state)
        state.observing = false
        let idleKeys = Set(footerHints(state).map(\.keys))
        #expect(idleKeys.isSuperset(of: ["a", "A", "b"]))
        state.busy = .applying([.oktaAttribute])
        #expect(Set(footerHints(state).map(\.keys)).isDisjoint(with: ["a", "A", "b"]))
        _ = UpdateTests.press([.character("a")], &state)
        let notice = try #require(state.notice)
        let status = try #require(statusLine(state))
        #expect(status.text.hasSuffix(state.words(notice)), "\(status.text)")
        #expect(status.text.count > state.words(notice).count, "the progress is still said: \(status.text)")
    }

    @Test func sendOverAWriteInFlightKeepsTheDialogAndSaysWhy() async throws {
        var state = try await UpdateTests.connected("fresh")
        _ = UpdateTests.press([.character("1")], &state)
        state.observing = false
        _ = UpdateTests.press([.character("a")], &state)
        guard case .apply(let steps, let plan, _) = state.modal else { Issue.record("no apply dialog"); return }
        state.modal = .apply(steps: steps, plan: plan, focus: 0)
        state.busy = .applying(steps)
        #expect(UpdateTests.press([.enter], &state).isEmpty)
        #expect(state.modal?.kind == "apply", "the dialog stays")
        #expect(state.notice == .keyUnavailable(.enter, .writeInProgress))
        #expect(state.dialogNotice == state.notice, "said inside the dialog")
    }

    // MARK: Resume

    /// A write Okta acknowledged (its request id is journalled) but never showed is not said
    /// as "interrupted before Okta applied it" when resume reads it back: it is `notShown`,
    /// worded apart in both languages, and marked as still to do, not ✓.
    @Test func resumeSaysAWriteOktaAcknowledgedButNeverShowed() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let client = try Fixtures.client(simulator)
        let store = Fixtures.temporaryJournal()
        do {
            var journal = Journal(org: client.org.description, appId: "0oaOjMqNowS6JZTZPspC")
            var acknowledged = SnapshotTests.entry(.oktaAttribute, "POST", "/api/v1/meta/schemas/user/default", before: .null, after: nil, .intent, at: "2026-12-07T09:00:00Z")
            acknowledged.requestId = "reqAcknowledged"
            journal.entries = [acknowledged]
            try store.save(journal)
            let said = Mutex<[ApplyProgress]>([])
            var executor = Executor(client: client, store: store)
            executor.progress = { progress in said.withLock { $0.append(progress) } }
            let settled = try await executor.settle()
            #expect(said.withLock { $0 } == [.notShown(.oktaAttribute)])
            #expect(settled.entries.map(\.outcome) == [.failed])
            for language in [Language.en, .ja] {
                let text = CommandLineText(language: language, colour: false)
                #expect(text.progress(.notShown(.oktaAttribute)) != text.progress(.settled(.oktaAttribute, appliedBeforeInterruption: false)))
            }
        } catch {
            Issue.record("\(error)")
        }
        await client.shutdown()
        await simulator.shutdown()
    }

    // MARK: Command line

    /// English error lines name a step by its title, as Japanese does, never by its id.
    @Test func englishErrorLinesNameStepsByTheirTitles() {
        let english = ErrorText(.en)
        let strings = Strings.for(.en)
        let errors: [(any Error, StepID)] = [
            (UnverifiedWriteError(step: .oktaAttribute), .oktaAttribute),
            (RollbackRefusal(.deletionNotConfirmed(steps: [.appAttribute])), .appAttribute),
            (RollbackRefusal(.journalEntryMismatch(step: .mapping, path: "POST /x")), .mapping),
        ]
        for (error, step) in errors {
            let first = english.lines(error)[0]
            #expect(first.contains(strings.stepTitle(step)), "\(first)")
            #expect(!first.contains(step.rawValue), "\(first)")
        }
    }
}
