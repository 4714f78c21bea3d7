import Foundation
import OktaClient
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// The reducer alone: keys and engine events in, state and effects out.
@Suite struct UpdateTests {
    static func connected(_ seed: String, mode: WizardMode = .setup) async throws -> WizardState {
        var state = WizardState(mode: mode, language: .en, theme: Theme(colour: false), size: Size(width: 100, height: 30))
        let observation = try await Observations.shared.of(seed)
        _ = update(&state, .connected(org: "https://acme.okta.com", isPreview: false, journal: nil, journalPath: "/tmp/j.json",
                                      observation, Planner.plan(observation), clock: "09:00:00", at: 100))
        return state
    }

    static func press(_ keys: [Key], _ state: inout WizardState) -> [WizardEffect] {
        keys.flatMap { update(&state, .key($0)) }
    }

    @Test func typingGoesIntoTheFocusedFieldEvenLettersThatAreKeysElsewhere() {
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        let effects = Self.press("quit?r".map { Key.character($0) }, &state)
        #expect(effects.isEmpty)
        #expect(state.orgField.value == "quit?r")
        #expect(!state.shouldQuit && state.modal == nil)
        _ = Self.press([.tab], &state)
        _ = Self.press("q".map { Key.character($0) }, &state)
        #expect(state.tokenField.value == "q")
        #expect(Self.press([.control("c")], &state) == [.quit])
    }

    @Test(arguments: ["acme.okta.com", "https://acme-admin.okta.com", "http://acme.okta.com", "https://{yourOktaDomain}", "https://acme.okta.com/app"])
    func badOrgURLShowsWhyAndConnectsNothing(url: String) {
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        state.orgField = TextField(value: url)
        state.tokenField = TextField(value: "00abc", isSecret: true)
        state.connectFocus = 2
        let effects = Self.press([.enter], &state)
        #expect(effects.isEmpty)
        guard case .error(let message) = state.modal else { Issue.record("no error for \(url)"); return }
        #expect(!message.lines.joined().isEmpty)
        #expect(state.busy == nil)
    }

    @Test func aTokenWithInnerWhitespaceIsRefusedBeforeTheNetwork() {
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        state.orgField = TextField(value: "https://acme.okta.com")
        state.tokenField = TextField(value: "00ab cdef", isSecret: true)
        state.connectFocus = 2
        #expect(Self.press([.enter], &state).isEmpty)
        guard case .error(let message) = state.modal else { Issue.record("no error"); return }
        #expect(message.lines.joined().contains("whitespace"))
    }

    @Test func goodInputConnectsWithTheTypedToken() {
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        _ = Self.press("https://acme.okta.com".map { Key.character($0) } + [.enter] + "00token".map { Key.character($0) }, &state)
        let effects = Self.press([.enter], &state)
        #expect(effects == [.connect(org: "https://acme.okta.com", token: Secret("00token"))])
        #expect(!String(describing: effects).contains("00token"), "the effect never prints the token")
        #expect(state.busy == .connecting)
    }

    @Test func aJournalWithWorkOffersResumeFirst() async throws {
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        let observation = try await Observations.shared.of("partial")
        var journal = Journal(org: "https://acme.okta.com", appId: observation.app?.id)
        journal.entries = SnapshotTests.appliedAttributes
        journal.scope = StepID.allCases // a whole setup was approved; its first writes landed
        _ = update(&state, .connected(org: "https://acme.okta.com", isPreview: false, journal: journal, journalPath: "/tmp/j.json",
                                      observation, Planner.plan(observation), clock: "09:00:00", at: 1))
        #expect(state.screen == .resumeOffer)
        #expect(Self.press([.enter], &state) == [.settle])
        state.busy = nil
        state.screen = .resumeOffer
        _ = Self.press([.down, .down, .enter], &state)
        #expect(state.screen == .overview)
    }

    /// Issue 23 §4: a setup that is finished (or whose approved steps are all done) opens on the
    /// overview, not on "A setup of this org was started before" with Resume selected.
    @Test(arguments: [("complete", nil as [StepID]?), ("partial", nil), ("partial", [.oktaAttribute, .appAttribute])])
    func aFinishedSetupOpensOnTheOverview(seed: String, scope: [StepID]?) async throws {
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        let observation = try await Observations.shared.of(seed)
        var journal = Journal(org: "https://acme.okta.com", appId: observation.app?.id)
        journal.entries = SnapshotTests.appliedAttributes.map { entry in
            var entry = entry
            entry.outcome = .done
            return entry
        }
        journal.scope = scope
        let reports = Planner.plan(observation)
        #expect(reports.filter { [.oktaAttribute, .appAttribute].contains($0.id) }.allSatisfy { $0.status == .ok })
        _ = update(&state, .connected(org: "https://acme.okta.com", isPreview: false, journal: journal, journalPath: "/tmp/j.json",
                                      observation, reports, clock: "09:00:00", at: 1))
        #expect(state.screen == .overview)
        // A write never settled is always offered.
        journal.entries[0].outcome = .intent
        _ = update(&state, .connected(org: "https://acme.okta.com", isPreview: false, journal: journal, journalPath: "/tmp/j.json",
                                      observation, reports, clock: "09:00:00", at: 1))
        #expect(state.screen == .resumeOffer)
    }

    @Test func applyShowsTheExactRequestsBeforeSendingThem() async throws {
        var state = try await Self.connected("fresh")
        #expect(Self.press([.character("1")], &state) == [.observe])
        state.observing = false
        #expect(Self.press([.character("a")], &state).isEmpty)
        guard case .apply(let steps, let plan, _) = state.modal else { Issue.record("no apply dialog"); return }
        let writes = plan.writes
        #expect(steps == [.oktaAttribute])
        #expect(writes.count == 1 && writes[0].method == "POST" && writes[0].path.hasPrefix("/api/v1/meta/schemas/user/"))
        #expect(Self.press([.escape], &state).isEmpty)
        #expect(state.modal == nil)
        _ = Self.press([.character("A")], &state)
        let shown = state.observation
        guard case .apply(_, let phasePlan, _) = state.modal else { Issue.record("no apply dialog"); return }
        #expect(phasePlan.writes.map(\.step) == [.oktaAttribute, .appAttribute])
        #expect(Self.press([.enter], &state).isEmpty && state.modal == nil, "the dialog opens on Cancel")
        _ = Self.press([.character("A"), .tab], &state)
        let effects = Self.press([.enter], &state)
        guard case .apply(let approved) = effects.first, effects.count == 1 else { Issue.record("Send did not send: \(effects)"); return }
        #expect(approved.plan == phasePlan && approved.observation == shown && approved.route == .dialog,
                "the plan the dialog showed goes with the writes")
        #expect(state.busy == .applying([.oktaAttribute, .appAttribute]))
    }

    @Test func quittingDuringAWriteAsksFirst() async throws {
        var state = try await Self.connected("fresh")
        state.busy = .applying([.oktaAttribute])
        #expect(Self.press([.character("q")], &state).isEmpty)
        #expect(state.modal == .quit(focus: 1))
        #expect(Self.press([.enter], &state).isEmpty)
        #expect(state.modal == nil && !state.shouldQuit)
        _ = Self.press([.function(10)], &state)
        #expect(Self.press([.character("y")], &state) == [.quit])
        state.busy = nil
        state.shouldQuit = false
        state.modal = nil
        #expect(Self.press([.character("q")], &state) == [.quit])
    }

    @Test func inspectModeHasNoWriteAction() async throws {
        var state = try await Self.connected("fresh", mode: .inspect)
        _ = Self.press([.character("1")], &state)
        state.observing = false
        for key in ["a", "A", "b"].map({ Key.character(Character($0)) }) + [.enter] {
            #expect(Self.press([key], &state).isEmpty)
            #expect(state.modal == nil)
        }
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        let text = buffer.lines.joined(separator: "\n")
        #expect(text.contains("READ-ONLY"))
        #expect(!text.contains("apply step") && !text.contains("roll back"))
        #expect(!text.contains("Request  POST"))
    }

    @Test func deletingAnAttributeNeedsTheBoxTicked() async throws {
        // An org that has the attribute: only then does its rollback delete users' values.
        var state = try await Self.connected("partial")
        var journal = Journal(org: "https://acme.okta.com", appId: "0oaOjMqNowS6JZTZPspC")
        journal.entries = SnapshotTests.appliedAttributes.map { var entry = $0; entry.after = nil; return entry }
        state.journal = journal
        _ = Self.press([.character("1")], &state)
        state.observing = false
        _ = Self.press([.character("b")], &state)
        guard case .rollback(_, let entries, true, false, 0) = state.modal else { Issue.record("no deletion dialog: \(String(describing: state.modal))"); return }
        #expect(entries.map(\.step) == [.oktaAttribute])
        #expect(Self.press([.tab, .enter], &state).isEmpty)
        // Roll back with the box unticked puts the box in focus, so Space ticks it.
        guard case .rollback(_, _, true, false, 0) = state.modal else { Issue.record("the box is not focused: \(String(describing: state.modal))"); return }
        _ = Self.press([.character(" "), .tab], &state)
        #expect(Self.press([.enter], &state) == [.rollback([.oktaAttribute], deleteAttributeData: true)])
    }

    @Test func manualScreensPollTheOrgEveryFewSeconds() async throws {
        var state = try await Self.connected("partial")
        _ = Self.press([.character("3"), .enter], &state)
        state.observing = false
        #expect(state.screen == .manual(.profileSource))
        #expect(update(&state, .tick(now: 101)).isEmpty)
        #expect(update(&state, .tick(now: 103.5)) == [.observe])
        #expect(update(&state, .tick(now: 104)).isEmpty, "one observation at a time")
    }

    @Test func aTooSmallTerminalSaysSoAndOnlyQuits() async throws {
        var state = try await Self.connected("fresh")
        _ = Self.press([.resize(Size(width: 70, height: 20))], &state)
        #expect(state.isTooSmall)
        #expect(Self.press([.character("1"), .character("a")], &state).isEmpty)
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        #expect(buffer.lines.joined().contains("80x24"))
        _ = Self.press([.resize(Size(width: 80, height: 24))], &state)
        #expect(!state.isTooSmall)
        #expect(Self.press([.character("q")], &state) == [.quit])
    }

    @Test(arguments: [Key.character("?"), Key.function(1)])
    func helpOpensOnQuestionMarkAndF1(key: Key) async throws {
        var state = try await Self.connected("fresh")
        _ = Self.press([key], &state)
        #expect(state.modal == .help)
        _ = Self.press([.escape], &state)
        #expect(state.modal == nil)
    }

    @Test func backReturnsToThePreviousScreen() async throws {
        var state = try await Self.connected("fresh")
        _ = Self.press([.character("2")], &state)
        #expect(state.screen == .phase(.mappings))
        _ = Self.press([.escape], &state)
        #expect(state.screen == .overview)
    }

    @Test func detectionTurnsAManualStepGreenByItself() async throws {
        var state = try await Self.connected("partial")
        _ = Self.press([.character("3"), .enter], &state)
        var observation = try await Observations.shared.of("partial")
        let features = (observation.app?.features ?? []) + ["PROFILE_MASTERING"]
        observation.app?.features = features
        observation.otherProfileSources = [ProfileSource(OktaApp(id: "0oaW", name: "workday", label: "Workday"))]
        _ = update(&state, .observed(observation, Planner.plan(observation), clock: "09:00:03", at: 104))
        #expect(state.report(.profileSource)?.status == .ok)
        #expect(state.notice == .stepDone(.profileSource))
    }

    /// An apply's read-backs are the wizard's new state: no second read of the whole org.
    @Test func anApplyThatReportsTheOrgNeedsNoFreshRead() async throws {
        var state = try await Self.connected("fresh")
        state.busy = .applying([.oktaAttribute])
        let after = try await Observations.shared.of("partial")
        let effects = update(&state, .finished(.applying([.oktaAttribute]), entries: [], journal: nil, clock: "09:00:05",
                                               observed: Observed(after, reports: Planner.plan(after), at: 105)))
        #expect(effects.isEmpty)
        #expect(state.observation == after && state.lastObservedAt == 105 && state.lastCheckedClock == "09:00:05")
        // Without the org's state, the wizard reads it again.
        state.busy = .rollingBack([.oktaAttribute])
        #expect(update(&state, .finished(.rollingBack([.oktaAttribute]), entries: [], journal: nil, clock: "09:00:06")) == [.observe])
    }

    /// The attack on issue 23 (finding 5): "Roll back everything" that undid two writes names
    /// those two steps, not the seven it was asked for.
    @Test func aRollbackNamesTheStepsItUndid() async throws {
        var state = try await Self.connected("partial")
        state.busy = .rollingBack(StepID.allCases)
        let undone = [SnapshotTests.entry(.appAttribute, "POST", "/api/v1/meta/schemas/apps/0oa/default", before: .null, after: nil, .rolledBack, at: "x"),
                      SnapshotTests.entry(.oktaAttribute, "POST", "/api/v1/meta/schemas/user/default", before: .null, after: nil, .rolledBack, at: "x")]
        _ = update(&state, .finished(.rollingBack(StepID.allCases), entries: undone, journal: nil, clock: "09:00:06"))
        #expect(state.notice == .rolledBack([.oktaAttribute, .appAttribute], requests: 2))
    }

    /// A read that an apply overtook shows the org from before the writes: it is dropped.
    @Test func aReadOvertakenByAWriteIsNotShown() async throws {
        var state = try await Self.connected("partial")
        let known = state.observation
        let older = try await Observations.shared.of("fresh")
        state.observing = true
        _ = update(&state, .observed(older, Planner.plan(older), clock: "09:00:07", at: 107, superseded: true))
        #expect(state.observation == known && state.observation != older)
        #expect(state.observing == false)
    }

    /// The procedure's proof from any phase screen: `u` opens the user check; every printable
    /// key goes to its field; Enter reads the user; Esc goes back.
    @Test func userCheckFromAPhaseScreen() async throws {
        var state = try await Self.connected("complete")
        _ = Self.press([.character("1")], &state)
        state.observing = false
        #expect(Self.press([.character("u")], &state).isEmpty)
        #expect(state.screen == .userCheck)
        #expect(Self.press("quser0007@example.com".map { Key.character($0) }, &state).isEmpty, "q is typed, not quit")
        #expect(state.userField.value == "quser0007@example.com" && !state.shouldQuit)
        _ = Self.press([.backspace], &state)
        state.userField = TextField(value: "user0007@example.com")
        #expect(Self.press([.enter], &state) == [.checkUser("user0007@example.com")])
        #expect(state.busy == .checkingUser)
        let observation = try #require(state.observation)
        let user = OktaUser(id: "00uX", status: "ACTIVE", type: nil, profile: ["login": .string("user0007@example.com")])
        let check = UserCheck.judge(observation, user: user, appUser: nil)
        #expect(update(&state, .userChecked(check)).isEmpty)
        #expect(state.busy == nil && state.userCheck?.reason == .notAssigned)
        _ = Self.press([.escape], &state)
        #expect(state.screen == .phase(.attributes))
    }
}
