import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Attack on issue 23, items 4 and 6: a "Roll back everything" that stops lands on the org with
/// keys that work there and says which fields changed; a tall dialog at 80x24 never hides its
/// notice or its focused element (the deletion box decides whether users' values are deleted).
@Suite struct RollbackSafetyTests {
    static let appSchemaPath = "/api/v1/meta/schemas/apps/0oaOjMqNowS6JZTZPspC/default"

    /// The journal of an unattended apply on `fresh`: the two attributes and the mapping, done
    /// (what each write left unknown: the org as read is judged by what it found, not a made-up value).
    static let applied = SnapshotTests.journal([
        SnapshotTests.entry(.oktaAttribute, "POST", SnapshotTests.schemaPath, before: .null, after: nil, .done, at: "2026-11-23T09:14:02Z"),
        SnapshotTests.entry(.appAttribute, "POST", appSchemaPath, before: .null, after: nil, .done, at: "2026-11-23T09:14:03Z"),
        SnapshotTests.entry(.mapping, "POST", "/api/v1/mappings/prmsYqEoTfbJRaJJsDJI", before: .null,
                            after: nil, .done, at: "2026-11-23T09:14:04Z"),
    ])

    /// The same with two custom user types set up too (R30): their Okta attribute and mapping are
    /// written, and rolled back, beside the default type's. Its rollback dialog is taller than 80x24.
    static let appliedWithUserType: Journal = {
        var journal = applied
        let custom = ["1", "2"].flatMap { type in
            [(StepID.oktaAttribute, "/api/v1/meta/schemas/user/oscCustomType" + type), (.mapping, "/api/v1/mappings/prmCustomType" + type)].map { step, path in
                var entry = SnapshotTests.entry(step, "POST", path, before: .null, after: .object(["type": .string("string")]), .done, at: "2026-11-23T09:14:05Z")
                entry.userType = "otyCustomType" + type
                return entry
            }
        }
        journal.entries += custom
        return journal
    }()

    static let refusal = RollbackRefusal(.changedSinceApplied(step: .appAttribute, change: .fields(["externalNamespace", "required", "title"]), wrote: [
        WrittenField(name: "externalNamespace", value: .string("urn:ietf:params:scim:schemas:core:2.0:User")),
        WrittenField(name: "required", value: .bool(false)), WrittenField(name: "title", value: .string("Dialpad Phone")),
    ]))

    /// The org as the attack found it (`partial`), opened on the resume offer of `applied`, at 80x24.
    static func onResumeOffer(_ language: Language) async throws -> WizardState {
        var state = try await SnapshotTests.state(for: SnapshotTests.Case(name: "", seed: "partial") { _ in },
                                                  SnapshotTests.Variant(language: language, size: Size(width: 80, height: 24), colour: true))
        state.journal = applied
        state.screen = .resumeOffer
        return state
    }

    /// The resume offer's "Roll back everything", ticked and sent, then refused after one of three.
    static func refusedFromResumeOffer(_ language: Language) async throws -> (WizardState, [WizardEffect]) {
        var state = try await onResumeOffer(language)
        _ = UpdateTests.press([.down, .enter], &state)
        guard case .rollback(let steps, _, true, _, _) = state.modal else { Issue.record("no rollback dialog: \(String(describing: state.modal))"); return (state, []) }
        #expect(steps == StepID.allCases)
        state.busy = .rollingBack(steps)
        state.modal = nil
        var left = applied
        left.entries[2].outcome = .rolledBack
        let effects = update(&state, .failed(.rollingBack(steps), ErrorText(language).dialog(refusal), tally: RunTally(.rollback, done: 1, planned: 3), journal: left))
        return (state, effects)
    }

    // MARK: Item 4

    @Test(arguments: [Language.en, .ja])
    func aRefusedRollBackEverythingLandsOnTheOrgWhereItsNextKeyWorks(_ language: Language) async throws {
        var (state, effects) = try await Self.refusedFromResumeOffer(language)
        #expect(effects == [.observe], "the org is read again")
        #expect(state.screen == .overview, "not the journal the run started from")
        #expect(state.notice == .outcome(RunTally(.rollback, done: 1, planned: 3)))
        #expect(NextKeysPlace(state.screen) == .overview)
        // The next step it names is b on this screen: it opens the rollback of what is left.
        _ = UpdateTests.press([.enter], &state)
        #expect(state.modal == nil)
        _ = UpdateTests.press([.character("b")], &state)
        guard case .rollback(let steps, let entries, _, _, _) = state.modal else { Issue.record("b did nothing: \(String(describing: state.notice))"); return }
        #expect(steps == StepID.allCases)
        #expect(entries.map(\.step) == [.appAttribute, .oktaAttribute], "the mapping was rolled back already")
    }

    @Test func bOnTheOverviewOfAReadOnlyInspectionSaysWhyNot() async throws {
        var state = try await UpdateTests.connected("fresh", mode: .inspect)
        state.journal = Self.applied
        #expect(UpdateTests.press([.character("b")], &state).isEmpty)
        #expect(state.modal == nil && state.notice == .keyUnavailable(.character("b"), .readOnly))
    }

    /// The outcome names, on every screen, keys that work there.
    @Test func theNextKeysFollowTheScreen() {
        #expect(NextKeysPlace(.overview) == .overview)
        #expect(NextKeysPlace(.phase(.mappings)) == .phase)
        #expect(NextKeysPlace(.summary) == .elsewhere)
        #expect(NextKeysPlace(.manual(.profileSource)) == .elsewhere)
        #expect(NextKeysPlace(.userCheck) == .textField)
        for language in [Language.en, .ja] {
            let strings = Strings.for(language)
            let tally = RunTally(.rollback, done: 1, planned: 3)
            let places: [NextKeysPlace] = [.phase, .overview, .elsewhere, .textField]
            #expect(Set(places.map { strings.outcome(tally, at: $0) }).count == places.count, "each place has its own next keys")
        }
    }

    /// The refusal as the engine makes it, from the org: which fields differ, as data.
    @Test func theEngineNamesTheFieldsThatChangedSinceTheWrite() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let client = try Fixtures.client(simulator)
        let store = Fixtures.temporaryJournal()
        do {
            _ = try await Executor(client: client, store: store).apply(appId: nil, approver: .unattended)
            // Another admin edits two fields of the app attribute this tool wrote.
            var attribute = try #require(try await Observer(client: client).observe().appSchema?.customProperties["dialpadPhone"])
            attribute.title = "Phone (edited)"
            attribute.externalNamespace = "urn:example:other"
            _ = try await client.send(.POST, url: client.url(Self.appSchemaPath),
                                      body: JSONEncoder.okta.encode(JSONValue.object(["definitions": .object(["custom": .object([
                                          "id": .string("#custom"), "type": .string("object"), "properties": .object(["dialpadPhone": JSONValue(encoding: attribute)]),
                                      ])])])))
            let writesBefore = client.log.writeCount
            let refusal = try await #require(throws: RollbackRefusal.self) {
                try await Executor(client: client, store: store).rollback(steps: nil, deleteAttributeData: true)
            }
            // The fields as this tool wrote them, for the admin to restore in the Admin Console (N3).
            #expect(refusal.reason == .changedSinceApplied(step: .appAttribute, change: .fields(["externalNamespace", "title"]), wrote: [
                WrittenField(name: "externalNamespace", value: .string("urn:ietf:params:scim:schemas:core:2.0:User")),
                WrittenField(name: "title", value: .string("Dialpad Phone")),
            ]))
            // The mapping, undone before the attribute, is still there: nothing was sent.
            #expect(client.log.writeCount == writesBefore, "a refused rollback sends nothing, as its dialog says")
            #expect(try await Observer(client: client).observe().inboundMapping?.properties?["dialpadPhone"] != nil)
        } catch {
            Issue.record("\(error)")
        }
        await client.shutdown()
        await simulator.shutdown()
    }

    @Test func aChangeIsTheFieldsThatDifferOrTheValueGone() {
        let written: JSONValue = .object(["title": .string("Dialpad Phone"), "type": .string("string")])
        #expect(ChangeSinceApplied(written: written, now: .null) == .removed)
        #expect(ChangeSinceApplied(written: written, now: .object(["title": .string("x"), "type": .string("string"), "required": .bool(false)]))
                == .fields(["required", "title"]))
        #expect(ChangeSinceApplied(written: .string("a"), now: .string("b")) == .value)
    }

    /// Every field a schema attribute or mapping property has is worded in both languages, and
    /// the refusal carries no JSON.
    @Test(arguments: [Language.en, .ja])
    func theRefusalSaysWhichFieldsInWords(_ language: Language) {
        let strings = Strings.for(language)
        for field in ["title", "description", "type", "required", "externalName", "externalNamespace", "scope", "mutability", "master", "permissions", "expression", "pushStatus"] {
            // English words, not Okta's camelCase; Japanese words, Okta's name beside them.
            if language == .ja { #expect(JapaneseTests.hasJapanese(strings.fieldName(field)), "\(field)") }
            if language == .en { #expect(strings.fieldName(field).first?.isLowercase == true && !strings.fieldName(field).dropLast().contains { $0.isUppercase } || field == "master" || field == "pushStatus", "\(field)") }
        }
        let lines = ErrorText(language).dialog(Self.refusal).lines.joined(separator: "\n")
        #expect(!lines.contains("{") && !lines.contains("\""))
        for field in ["externalNamespace", "required", "title"] { #expect(lines.contains(strings.fieldName(field))) }
    }

    // MARK: Item 6

    /// The rollback-everything dialog at 80x24 with the attack's journal: its deletion box is
    /// below the fold. It opens on Cancel, Tab brings the box into view, and a box scrolled away
    /// is shown, never ticked.
    @Test(arguments: [Language.en, .ja])
    func theDeletionBoxIsNeverTickedOutOfView(_ language: Language) async throws {
        var state = try await Self.onResumeOffer(language)
        state.journal = Self.appliedWithUserType
        _ = UpdateTests.press([.down, .enter], &state)
        guard case .rollback(_, _, true, _, let opened) = state.modal else { Issue.record("no rollback dialog"); return }
        let layout = try #require(dialogLayout(state))
        #expect(layout.lines.count > layout.rows, "the dialog is taller than 80x24 has room for")
        let box = try #require(focusedRowsOfBox(state))
        #expect(box.upperBound >= layout.window, "the box starts below the fold")
        #expect(opened == 2, "a box out of view is not focused from the start")

        // Space on Cancel ticks nothing.
        _ = UpdateTests.press([.character(" ")], &state)
        guard case .rollback(_, _, _, false, _) = state.modal else { Issue.record("ticked"); return }

        // Tab to the box: it is scrolled into view, and Space ticks what is on screen.
        _ = UpdateTests.press([.tab], &state)
        guard case .rollback(_, _, _, false, 0) = state.modal else { Issue.record("not on the box: \(String(describing: state.modal))"); return }
        let shownOnTab = focusOnScreen(state)
        #expect(shownOnTab)
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        #expect(buffer.lines.contains { $0.contains("[ ] ") }, "the box is drawn")
        _ = UpdateTests.press([.character(" ")], &state)
        guard case .rollback(_, _, _, true, 0) = state.modal else { Issue.record("Space on the box in view did not tick it"); return }

        // Scrolled away (PgUp), Space shows the box and leaves it as it was.
        _ = UpdateTests.press([.pageUp, .pageUp], &state)
        #expect(!focusOnScreen(state), "PgUp scrolled the box away")
        _ = UpdateTests.press([.character(" ")], &state)
        guard case .rollback(_, _, _, true, 0) = state.modal else { Issue.record("Space changed a box out of view"); return }
        #expect(state.notice == .keyUnavailable(.character(" "), .focusNotShown))
        let shown = focusOnScreen(state)
        #expect(shown, "the box is shown, its notice drawn too")
    }

    /// Roll back with the box unticked puts the box in focus and in view, so the Space its
    /// notice names ticks it; Enter on the box ticks it and never unticks it (re-attack N1).
    @Test(arguments: [Language.en, .ja])
    func rollBackUntickedLeadsToTheBoxAndEnterNeverUnticksIt(_ language: Language) async throws {
        var state = try await Self.onResumeOffer(language)
        state.journal = Self.appliedWithUserType
        _ = UpdateTests.press([.down, .enter], &state)
        guard case .rollback(_, _, true, false, _) = state.modal else { Issue.record("no rollback dialog"); return }
        // Read every row, then Roll back (focus 1) with the box unticked.
        _ = UpdateTests.press(Array(repeating: .pageDown, count: 8), &state)
        _ = UpdateTests.press([.tab, .tab], &state)
        guard case .rollback(_, _, _, false, 1) = state.modal else { Issue.record("not on Roll back: \(String(describing: state.modal))"); return }
        _ = UpdateTests.press([.enter], &state)
        #expect(state.notice == .keyUnavailable(.enter, .notTicked))
        guard case .rollback(_, _, _, false, 0) = state.modal else { Issue.record("the box is not focused: \(String(describing: state.modal))"); return }
        let shown = focusOnScreen(state)
        #expect(shown, "the box the notice names is in view")
        _ = UpdateTests.press([.character(" ")], &state)
        guard case .rollback(_, _, _, true, 0) = state.modal else { Issue.record("Space did not tick the box"); return }
        _ = UpdateTests.press([.enter], &state)
        guard case .rollback(_, _, _, true, 0) = state.modal else { Issue.record("Enter unticked the box"); return }
    }

    /// Rows reached by a jump (the focus scrolled into view) are not rows read: Roll back still
    /// waits until every row followed on screen.
    @Test func aJumpOverRowsDoesNotCountThemRead() async throws {
        var state = try await UpdateTests.connected("fresh")
        _ = UpdateTests.press([.resize(Size(width: 80, height: 24)), .character("1")], &state)
        state.observing = false
        _ = UpdateTests.press([.character("A")], &state)
        let layout = try #require(dialogLayout(state))
        #expect(layout.scrollLimit >= 2, "the plan is taller than the dialog")
        // Rows up to just above the last window's top seen, not the row before it: a gap.
        state.dialogSeen = layout.scrollLimit - 2
        state.dialogScroll = layout.scrollLimit
        #expect(state.dialogReading?.lastRowShown == layout.scrollLimit - 2)
        #expect(state.planShownInFull == false)
    }

    /// Enter on Send before the plan was read: the notice saying why is drawn inside the dialog,
    /// every line of it, though the dialog covers the status line.
    @Test(arguments: [Language.en, .ja])
    func aNoticeGivenInADialogIsOnScreen(_ language: Language) async throws {
        var state = try await DialogSafetyTests.applyDialogAt80x24()
        state.language = language
        _ = UpdateTests.press([.tab, .enter], &state)
        let notice = try #require(state.notice)
        #expect(notice == .keyUnavailable(.enter, .planNotShownInFull))
        #expect(state.dialogNotice == notice)
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        let text = buffer.lines.joined(separator: "\n")
        for line in state.words(notice).wrapped(toWidth: ModalDialog.textWidth(over: dialogArea(buffer.area))) {
            #expect(text.contains(line), "\(line) is on screen")
        }
        // The dialog is the same length (rows) as before: what was read stays read.
        #expect(dialogLayout(state)?.lines.count == dialogLayout({ var s = state; s.dialogNotice = nil; return s }())?.lines.count)
    }

    @Test func anOldNoticeIsNotCarriedIntoANewDialog() async throws {
        var state = try await UpdateTests.connected("fresh")
        state.notice = .written([.oktaAttribute], requests: 1)
        _ = UpdateTests.press([.character("?")], &state)
        #expect(state.modal == .help && state.dialogNotice == nil)
    }

    /// The focused rows of the open dialog: in the rollback dialog, its deletion box whatever its focus.
    func focusedRowsOfBox(_ state: WizardState) -> ClosedRange<Int>? {
        guard case .rollback(let steps, let entries, let deletes, let understood, _) = state.modal else { return nil }
        var boxed = state
        boxed.modal = .rollback(steps: steps, entries: entries, deletesData: deletes, understood: understood, focus: 0)
        return focusedRows(boxed)
    }
}

/// Golden frames of items 4 and 6 at 80x24, in English and Japanese.
@Suite struct TallDialogSnapshotTests {
    static let cases: [(name: String, build: @Sendable (Language) async throws -> WizardState)] = [
        // The refusal says which fields differ, over the org it landed on, with a key that works there.
        ("rollback-refused", { language in try await RollbackSafetyTests.refusedFromResumeOffer(language).0 }),
        // Tab brings the deletion box into view before Space can tick it.
        ("rollback-everything-box", { language in
            var state = try await RollbackSafetyTests.onResumeOffer(language)
            state.journal = RollbackSafetyTests.appliedWithUserType
            _ = UpdateTests.press([.down, .enter, .tab], &state)
            return state
        }),
        // Send pressed before the plan was read: why, inside the dialog.
        ("apply-dialog-notice", { language in
            var state = try await DialogSafetyTests.applyDialogAt80x24()
            state.language = language
            state.org = "https://acme.okta.com"
            state.lastCheckedClock = "09:14:05"
            _ = UpdateTests.press([.tab, .enter], &state)
            return state
        }),
    ]

    @Test(arguments: [Language.en, .ja])
    func frames(_ language: Language) async throws {
        for (name, build) in Self.cases {
            let state = try await build(language)
            var buffer = Buffer(size: state.size)
            render(state, into: &buffer)
            #expect(buffer.lines.allSatisfy { $0.displayWidth <= state.size.width })
            if language == .ja {
                // Japanese line breaking inside the dialog (a frame's edge starts no wrapped line).
                for line in buffer.lines {
                    let inside = line.split(separator: "│").map(String.init).filter { $0.contains { !$0.isASCII } }
                    let problems = LineBreakRules.violations(in: ["", inside.count > 1 ? inside[1] : ""])
                        .filter { !$0.contains("ends with \"{\"") && !$0.contains("ends with \"[\"") }
                    #expect(problems.isEmpty, "\(name): \(problems)")
                }
            }
            try Golden.check(buffer, named: "\(name).\(language.rawValue).80x24")
        }
    }
}
