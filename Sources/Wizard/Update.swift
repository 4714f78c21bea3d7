import Foundation
import OktaClient
import SetupEngine
import TerminalUI

package enum WizardEvent: Sendable, Equatable {
    case key(Key)
    /// The clock, for spinners, elapsed times and polling manual steps.
    case tick(now: Double)
    case connected(org: String, isPreview: Bool, journal: Journal?, journalPath: String, Observation, [StepReport], clock: String, at: Double)
    /// `superseded`: an engine action wrote while this read was under way, so it may show the
    /// org from before that write: older than what the wizard already knows.
    case observed(Observation, [StepReport], clock: String, at: Double, superseded: Bool = false)
    /// An engine action finished: what it wrote (journal entries), the journal now, and the
    /// org as the action's own read-backs left it (nil: the wizard reads the org again).
    case finished(Busy, entries: [Journal.Entry], journal: Journal?, clock: String, observed: Observed? = nil)
    /// `tally`: a run of writes stopped by this failure (apply, rollback): how many of its
    /// writes are done; `journal`: the journal as the run left it.
    case failed(Busy?, UserMessage, tally: RunTally? = nil, journal: Journal? = nil)
    /// Connecting found several apps that look like Dialpad: the admin chooses one.
    case appsToChoose([OktaApp])
    /// The app id given names no app in the org: these are the apps that look like Dialpad.
    case noAppWithId(String, candidates: [OktaApp])
    case notDialpadApp(OktaApp, candidates: [OktaApp])
    /// One user checked.
    case userChecked(UserCheck)
    /// Every assigned user checked.
    case verified(Verification)
    /// What the running apply does now.
    case progress(ApplyProgress)
    /// The change report was written there.
    case reportSaved(String)
    /// A refresh of the org the admin did not ask for failed for now (a 5xx, no answer).
    case refreshFailed(PassingFailure, UserMessage)
}

/// The org as an engine action left it, so the wizard need not read it all again.
package struct Observed: Sendable, Equatable {
    package var observation: Observation
    package var reports: [StepReport]
    package var at: Double

    package init(_ observation: Observation, reports: [StepReport], at: Double) {
        self.observation = observation
        self.reports = reports
        self.at = at
    }
}

package enum WizardEffect: Sendable, Equatable {
    /// `token`: typed into the form, a `Secret` from here to the transport.
    /// `appId`: the app the admin chose among several labelled Dialpad (nil: the one there is).
    case connect(org: String, token: Secret?, appId: String? = nil)
    case observe
    /// Reads the org again with these custom user types too, so plans set them up as well (R30).
    case includeUserTypes([String])
    /// A plan the admin saw in full in the apply dialog, then sent.
    case apply(ApprovedPlan)
    /// Resume's first half: reads back the writes a crash left unsettled, sending nothing;
    /// the rest is planned and shown like any apply.
    case settle
    /// `leavingAlone`: the steps its dialog showed as changed since this tool wrote them.
    case rollback([StepID], deleteAttributeData: Bool, leavingAlone: [StepID] = [])
    case confirm(Confirmation.Choice)
    /// Takes back one recorded word: the newest on the step.
    case withdraw(Confirmation)
    /// Demo only: perform the Admin Console action on the simulated org.
    case demoConsole(StepID)
    /// Reads one user (login or id) and the Dialpad app user, and explains them.
    case checkUser(String)
    /// Reads and checks every user assigned to Dialpad.
    case verify
    /// Writes the change report (Markdown, in the session's language) beside the journal.
    case saveReport
    case quit
}

extension WizardEffect {
    /// Whether the org or the journal may differ once this effect is done.
    var changesTheOrg: Bool {
        switch self {
        case .apply, .settle, .rollback, .confirm, .withdraw, .demoConsole: return true
        case .connect, .observe, .includeUserTypes, .checkUser, .verify, .saveReport, .quit: return false
        }
    }
}

/// How often a manual step's screen re-reads the org, in seconds.
let manualPollInterval = 3.0

/// The wizard's reducer: no I/O, so every transition is testable without a terminal or a network.
/// A journalled setup that resume has something to do for: a write never settled, or a step
/// of its scope that the org shows still to write. A finished setup opens on the overview.
func leftUnfinished(_ journal: Journal?, _ reports: [StepReport]) -> Bool {
    guard let journal, journal.entries.contains(where: { [.done, .intent].contains($0.outcome) }) else { return false }
    if journal.entries.contains(where: { $0.outcome == .intent }) { return true }
    let scope = journal.resumableScope
    return reports.contains { scope.contains($0.id) && [.missing, .differs].contains($0.status) }
}

package func update(_ state: inout WizardState, _ event: WizardEvent) -> [WizardEffect] {
    let effects = handleEvent(event, in: &state)
    // Planned as the org's picture arrives, not on the key that opens a phase (a first plan is a
    // few milliseconds). An early picture of a large org is never planned from.
    if !state.countingSources { state.planAhead() }
    return effects
}

private func handleEvent(_ event: WizardEvent, in state: inout WizardState) -> [WizardEffect] {
    switch event {
    case .tick(let now):
        state.now = now
        if case .manual = state.screen, state.modal == nil, !state.observing, state.busy == nil,
           now - (state.lastObservedAt ?? 0) >= manualPollInterval {
            state.observing = true
            return [.observe]
        }
        return []

    case .connected(let org, let isPreview, let journal, let journalPath, let observation, let reports, let clock, let at):
        state.busy = nil
        state.org = org
        state.isPreviewOrg = isPreview
        // The client holds the token now; the form forgets it.
        state.tokenField = TextField(isSecret: true)
        state.journal = journal
        state.journalPath = journalPath
        state.observation = observation
        state.reports = reports
        // An early picture of a large org: the rest of it is on its way, so no other read starts.
        state.observing = observation.appSourceCount == .reading
        state.lastCheckedClock = clock
        state.lastObservedAt = at
        state.screen = (leftUnfinished(journal, reports) && state.mode == .setup) ? .resumeOffer : .overview
        state.history = []
        return []

    case .observed(let observation, let reports, let clock, let at, let superseded):
        guard !superseded else {
            state.observing = false
            return []
        }
        let before = state.reports
        state.observation = observation
        state.reports = reports
        state.observing = false
        state.lastCheckedClock = clock
        state.lastObservedAt = at
        state.readAgainFailed = nil
        if case .manual(let step) = state.screen, state.notice?.recordedStep != step,
           before.first(where: { $0.id == step })?.status != .ok, reports.first(where: { $0.id == step })?.status == .ok {
            state.notice = .stepDone(step)
        }
        return []

    case .progress(let progress):
        if state.busy != nil { state.progress = progress }
        return []

    case .finished(let busy, let entries, let journal, let clock, let observed):
        state.busy = nil
        state.progress = nil
        state.manualConfirmation = false
        let before = state.journal
        state.journal = journal ?? state.journal
        switch busy {
        case .applying(let steps):
            let written = StepID.allCases.filter { step in entries.contains { $0.step == step } }
            state.notice = .written(written.isEmpty ? steps : written, requests: entries.count)
        case .rollingBack(let steps): rollbackFinished(steps, undone: entries, before: before, in: &state)
        case .settling:
            state.notice = .settled(applied: entries.filter { $0.outcome == .done }.count, notApplied: entries.filter { $0.outcome != .done }.count)
        case .recording(let choice): state.notice = .recorded(choice)
        case .withdrawing(let word): state.notice = .withdrawn(word.choice, writtenUnder: Confirmation.writtenUnder(word, in: state.journal))
        default: break
        }
        if state.screen == .resumeOffer { state.screen = .overview }
        if let observed {
            state.observation = observed.observation
            state.reports = observed.reports
            state.lastCheckedClock = clock
            state.lastObservedAt = observed.at
            // Resume shows what is left as any apply does: the exact requests, before any is sent.
            // It never goes beyond what the interrupted run was asked for.
            if busy == .settling {
                let scope = state.journal?.resumableScope ?? []
                _ = openApply(StepID.allCases.filter { $0.hasPublicAPI && scope.contains($0) }, in: &state, quietly: true)
            }
            return []
        }
        state.observing = true
        return [.observe]

    case .failed(let busy, let message, let tally, let journal):
        if busy != nil { state.busy = nil }
        state.progress = nil
        if busy == .connecting {
            state.screen = .connect
            state.connectFocus = state.credentialsPreset ? 2 : 1
        }
        state.observing = false
        state.modal = .error(message)
        state.journal = journal ?? state.journal
        // A run of writes that stopped part way: the screens must show the org as it is now,
        // not as it was before the run, and say how far the run got.
        guard let tally, state.org != nil else { return [] }
        landAfterStoppedRun(&state)
        state.notice = .outcome(tally)
        state.observing = true
        return [.observe]

    case .appsToChoose(let apps):
        return offerApps(apps, notFound: nil, in: &state)

    case .noAppWithId(let appId, let candidates):
        return offerApps(candidates, notFound: appId, in: &state)
    case .notDialpadApp(let app, let candidates):
        return offerDialpadApps(candidates, insteadOf: app, in: &state)

    case .userChecked(let check):
        state.busy = nil
        state.userCheck = check
        return []

    case .verified(let verification):
        state.busy = nil
        state.modal = .verification(verification)
        return []

    case .reportSaved(let path):
        state.busy = nil
        state.notice = .reportSaved(path)
        return []

    case .refreshFailed(let failure, let message):
        return refreshFailed(failure, message, in: &state)

    case .key(let key):
        if [.connect, .userCheck].contains(state.screen), state.modal == nil, !state.isTooSmall, case .function(let number) = key {
            // F-keys never reach a text field: F1 is help, F10 quits, the rest do nothing.
            if number == 1 { state.modal = .help } else if number == 10 { return requestQuit(&state) }
            return []
        }
        let shown = (state.screen, state.stepSelection, state.overviewSelection)
        let effects = handle(key.meaning, in: &state)
        // Another screen or another step starts at its top.
        if shown != (state.screen, state.stepSelection, state.overviewSelection) { state.scroll = 0 }
        return effects
    }
}

private func handle(_ key: Key, in state: inout WizardState) -> [WizardEffect] {
    if case .resize(let size) = key {
        resize(to: size, in: &state)
        return []
    }
    if state.isTooSmall {
        return [.character("q"), .control("c"), .escape].contains(key) ? requestQuit(&state) : []
    }
    if let modal = state.modal {
        // What is on screen now counts as seen before the key acts on it.
        if let reading = state.dialogReading { state.dialogSeen = reading.lastRowShown }
        if scrollDialog(modal, key, in: &state) { return [] }
        let before = state.notice, shownInDialog = state.dialogNotice
        let effects = handleModal(modal, key, in: &state)
        dropDialogNotice(shownInDialog, in: &state)
        // A notice a dialog's key gave is drawn in the dialog, which may cover the status line.
        if state.modal != nil, state.notice != before {
            state.dialogNotice = state.notice
            // The notice takes rows from the dialog's window: its focused element stays in view.
            revealFocus(&state)
        }
        return effects
    }
    if key == .control("c") { return requestQuit(&state) }
    // Every pane scrolls the same way, the user check's results below its field too.
    if key == .pageDown || key == .pageUp {
        let page = key == .pageDown ? scrollPage(state) : -scrollPage(state)
        state.scroll = min(state.scrollLimit, max(0, state.scroll + page))
        return []
    }
    if state.screen == .connect { return handleConnect(key, in: &state) }
    if state.screen == .userCheck { return handleUserCheck(key, in: &state) }

    switch key {
    case .character("?"):
        state.modal = .help
        return []
    case .character("q"):
        return requestQuit(&state)
    case .character("r"):
        guard !state.observing, state.org != nil else { return [] }
        state.observing = true
        return [.observe]
    case .escape, .left:
        leaveNotice(&state)
        return goBack(&state)
    case .character("s") where state.screen != .summary:
        // A notice of the screen left behind (a phase's "waits for") is not the summary's.
        leaveNotice(&state)
        open(.summary, in: &state)
        return []
    case .character(let c) where ("1"..."3").contains(c) && state.screen != .resumeOffer:
        leaveNotice(&state)
        return openPhase(Phase.allCases[Int(String(c))! - 1], in: &state)
    default:
        break
    }
    // How far a failed run got stays on the status line until another notice takes its place.
    if case .outcome = state.notice {} else { state.notice = nil }

    switch state.screen {
    case .connect:
        return []
    case .resumeOffer:
        if state.resumeChoice.handle(key) { return [] }
        guard key == .enter else { return [] }
        switch state.resumeChoice.selected {
        case 0: return startBusy(.settling, effect: .settle, in: &state)
        case 1: return openRollback(StepID.allCases, in: &state)
        default:
            state.screen = .overview
            return []
        }
    case .overview:
        return handleOverview(key, in: &state)
    case .phase(let phase):
        return handlePhase(phase, key, in: &state)
    case .consoleChoice(let step):
        guard let options = step.definition.console?.options else { return [] }
        state.consoleChoice.options = options.map { $0.label(state.language) }
        if state.consoleChoice.handle(key) { return [] }
        guard key == .enter, options.indices.contains(state.consoleChoice.selected) else { return [] }
        // The console action is asked for when it works: before the later steps it waits for,
        // Enter leads there instead of to the action's guide (issue 23 §1).
        let chosen = options[state.consoleChoice.selected]
        if chosen.shownByOrg, let later = state.report(step)?.why.laterSteps, !later.isEmpty {
            state.notice = .waitsFor(step, later)
            return []
        }
        // Every answer has its guide: where it is in the Admin Console, a tick, then it is recorded.
        state.chosenOption = chosen.choice
        open(.manual(step), in: &state)
        return []
    case .manual(let step):
        return handleManual(step, key, in: &state)
    case .summary:
        if key == .character("u") { open(.userCheck, in: &state) }
        if key == .character("v") { return startBusy(.verifying, effect: .verify, in: &state) }
        if key == .character("w") { return startBusy(.savingReport, effect: .saveReport, in: &state) }
        return []
    case .userCheck:
        return []
    }
}

/// A page of a scrolled pane: its height less a line kept from the previous page.
private func scrollPage(_ state: WizardState) -> Int { max(1, state.size.height - 9) }

func requestQuit(_ state: inout WizardState) -> [WizardEffect] {
    if let busy = state.busy, busy.writesInFlight {
        state.modal = .quit(focus: 1)
        return []
    }
    state.shouldQuit = true
    return [.quit]
}

/// The user check: the login field takes every printable key; Enter checks, Esc goes back.
private func handleUserCheck(_ key: Key, in state: inout WizardState) -> [WizardEffect] {
    switch key {
    case .escape:
        return goBack(&state)
    case .enter:
        let login = state.userField.value.trimmingCharacters(in: .whitespaces)
        guard !login.isEmpty else { return [] }
        state.userCheck = nil
        return startBusy(.checkingUser, effect: .checkUser(login), in: &state)
    default:
        if state.userField.handle(key) { state.userCheck = nil }
        return []
    }
}

private func goBack(_ state: inout WizardState) -> [WizardEffect] {
    guard let previous = state.history.popLast() else {
        if state.screen != .overview && state.org != nil {
            state.screen = .overview
        }
        return []
    }
    state.screen = previous
    return []
}

/// Leaving a screen drops its notice; how far a failed run got stays until another notice
/// takes its place.
private func leaveNotice(_ state: inout WizardState) {
    if case .outcome = state.notice {} else { state.notice = nil }
}

private func open(_ screen: Screen, in state: inout WizardState) {
    guard state.screen != screen else { return }
    state.history.append(state.screen)
    state.screen = screen
    state.manualConfirmation = false
}

/// Opening a phase re-reads the org in the background, so what it shows is live. The phases
/// are tabs: moving between them does not stack, so Esc leads back to where they were entered from.
private func openPhase(_ phase: Phase, in state: inout WizardState) -> [WizardEffect] {
    if case .phase = state.screen { state.screen = .phase(phase) } else { open(.phase(phase), in: &state) }
    guard !state.observing else { return [] }
    state.observing = true
    return [.observe]
}

func startBusy(_ busy: Busy, effect: WizardEffect, in state: inout WizardState) -> [WizardEffect] {
    guard state.busy == nil else {
        state.notice = .keyUnavailable(.enter, .busy)
        return []
    }
    guard !state.countingSources else {
        state.notice = .keyUnavailable(.enter, .countingSources)
        return []
    }
    state.busy = busy
    state.busySince = state.now
    state.progress = nil
    return [effect]
}

private func handleOverview(_ key: Key, in state: inout WizardState) -> [WizardEffect] {
    switch key {
    case .up, .character("k"):
        state.overviewSelection = max(0, state.overviewSelection - 1)
    case .down, .character("j"), .tab:
        state.overviewSelection = min(Phase.allCases.count - 1, state.overviewSelection + 1)
    case .enter, .right:
        return openPhase(Phase.allCases[state.overviewSelection], in: &state)
    case .character("b") where state.mode == .setup:
        // Everything this tool changed, as the resume offer's "Roll back everything": what a
        // stopped rollback leaves is rolled back from where it lands.
        return openRollback(StepID.allCases, in: &state)
    case .character("b"):
        state.notice = .keyUnavailable(key, .readOnly)
    // The summary's keys work here too; a and A act on a phase's steps, so they say where.
    case .character("u"): open(.userCheck, in: &state)
    case .character("v"): return startBusy(.verifying, effect: .verify, in: &state)
    case .character("w"): return startBusy(.savingReport, effect: .saveReport, in: &state)
    case .character("a"), .character("A"):
        state.notice = .keyUnavailable(key, state.mode == .setup ? .onlyInAPhase : .readOnly)
    default:
        break
    }
    return []
}

private func handlePhase(_ phase: Phase, _ key: Key, in state: inout WizardState) -> [WizardEffect] {
    let steps = state.steps(in: phase)
    let step = state.selectedStep(in: phase)
    let canWrite = state.mode == .setup
    switch key {
    case .up, .character("k"), .backTab:
        state.stepSelection[phase] = max(0, (state.stepSelection[phase] ?? 0) - 1)
    case .down, .character("j"), .tab:
        state.stepSelection[phase] = min(steps.count - 1, (state.stepSelection[phase] ?? 0) + 1)
    case .character("u"):
        open(.userCheck, in: &state)
    case .character("t") where canWrite && !state.userTypesToOffer.isEmpty && state.countingSources:
        state.notice = .keyUnavailable(key, .countingSources)
    case .character("t") where canWrite && !state.userTypesToOffer.isEmpty:
        // Dialpad users of another type get the number only once their type is set up too (R30).
        state.includedUserTypes += state.userTypesToOffer
        state.observing = true
        return [.includeUserTypes(state.includedUserTypes)]
    case .character("n"):
        if let next = Phase.allCases.drop(while: { $0 != phase }).dropFirst().first {
            state.screen = .phase(next)
            if !state.observing { state.observing = true; return [.observe] }
        } else {
            open(.summary, in: &state)
        }
    case .enter where !step.hasPublicAPI && state.countingSources, .character("g") where !step.hasPublicAPI && state.countingSources:
        // A console step's guide rests on the count of other profile sources (the only-source gate).
        state.notice = .keyUnavailable(key, .countingSources)
    case .enter where !step.hasPublicAPI, .character("g") where !step.hasPublicAPI:
        open(consoleScreen(step), in: &state)
    case .character("a") where canWrite, .enter where canWrite:
        if !step.hasPublicAPI {
            guard !state.countingSources else {
                state.notice = .keyUnavailable(key, .countingSources)
                return []
            }
            open(consoleScreen(step), in: &state)
            return []
        }
        return openApply([step], in: &state, key: key)
    case .character("A") where canWrite:
        return openApply(steps.filter(\.hasPublicAPI), in: &state, key: key)
    case .character("b") where canWrite:
        if !step.hasPublicAPI { return withdraw(step, in: &state) }
        return openRollback([step], in: &state)
    case .character("a"), .character("A"), .character("b"):
        state.notice = .keyUnavailable(key, .readOnly)
    default:
        break
    }
    return []
}

/// Takes back the admin's newest recorded word on a console step, when there is one: one `b`, one word.
private func withdraw(_ step: StepID, in state: inout WizardState) -> [WizardEffect] {
    guard let newest = state.journal?.confirmations.last(where: { $0.step == step }) else {
        state.notice = .nothingToWithdraw(step)
        return []
    }
    return startBusy(.withdrawing(newest), effect: .withdraw(newest), in: &state)
}

/// A console step with a choice to make opens on the question; one with a single thing to do, on its guide.
private func consoleScreen(_ step: StepID) -> Screen {
    (step.definition.console?.options.count ?? 0) > 1 ? .consoleChoice(step) : .manual(step)
}

/// Opens the apply dialog with the exact requests; when there are none, says why on the
/// status line (`quietly`: resume with nothing left says only what it settled).
@discardableResult
private func openApply(_ steps: [StepID], in state: inout WizardState, quietly: Bool = false, key: Key = .character("a")) -> [WizardEffect] {
    if refuseWhileBusy(key, in: &state) { return [] }
    guard !state.countingSources else {
        if !quietly { state.notice = .keyUnavailable(.character("a"), .countingSources) }
        return []
    }
    guard let plan = state.plan(for: steps), !plan.writes.isEmpty else {
        guard !quietly else { return [] }
        let unfinished = steps.filter { state.report($0)?.status != .ok }
        if let step = unfinished.first {
            let waits = WritePlanner.waitsFor(step, reports: state.reports, besides: Set(steps))
            state.notice = waits.isEmpty ? .nothingToWrite(step, state.report(step)?.status) : .waitsFor(step, waits)
        } else {
            state.notice = .nothingToWrite(steps.first ?? .oktaAttribute, .ok)
        }
        return []
    }
    state.applyPlannedFrom = state.observation
    // A write dialog opens on Cancel: an Enter typed for the screen before (or twice) never sends.
    state.modal = .apply(steps: steps, plan: plan, focus: 1)
    return []
}

private func handleManual(_ step: StepID, _ key: Key, in state: inout WizardState) -> [WizardEffect] {
    guard let option = state.option(for: step) else { return [] }
    let tickable = state.canTick(step)
    switch key {
    case .character(" ") where state.mode == .setup && tickable:
        state.manualConfirmation.toggle()
        revealGuideBox(step, in: &state)
    case .character(" ") where state.mode == .setup:
        state.notice = .keyUnavailable(key, .notDetectedYet(step))
    case .enter where state.mode == .setup && state.manualConfirmation:
        return startBusy(.recording(option.choice), effect: .confirm(option.choice), in: &state)
    case .enter where state.mode == .setup:
        state.notice = .keyUnavailable(key, tickable ? .notTicked : .notDetectedYet(step))
    case .character("D") where state.demoConsole && state.mode == .setup:
        return demoConsoleAction(step, in: &state)
    case .character("b") where state.mode == .setup:
        return withdraw(step, in: &state)
    case .character(" "), .enter, .character("b"):
        state.notice = .keyUnavailable(key, .readOnly)
    default:
        break
    }
    return []
}

private func handleModal(_ modal: Modal, _ key: Key, in state: inout WizardState) -> [WizardEffect] {
    switch modal {
    case .chooseApp(let apps, let focus):
        return handleAppChoice(apps, focus: focus, key, in: &state)
    case .help, .error, .verification:
        if [.escape, .enter, .character("?"), .character("q"), .control("c")].contains(key) { state.modal = nil }
        return []
    case .quit(let focus):
        switch key {
        case .tab, .left, .right, .backTab: state.modal = .quit(focus: 1 - focus)
        case .character("y"):
            state.shouldQuit = true
            return [.quit]
        case .enter:
            if focus == 0 { state.shouldQuit = true; return [.quit] }
            state.modal = nil
        case .escape, .character("n"), .character("q"), .control("c"): state.modal = nil
        default: break
        }
        return []
    case .apply(let steps, let plan, let focus):
        switch key {
        case .tab, .left, .right, .backTab: state.modal = .apply(steps: steps, plan: plan, focus: 1 - focus)
        case .escape, .character("n"), .character("q"), .control("c"): state.modal = nil
        case .enter where focus == 0 && !state.answersCanApprove:
            state.notice = .keyUnavailable(key, .answersNotFromATerminal)
        case .enter where focus == 0:
            if refuseWhileBusy(key, in: &state) { return [] }
            guard let shown = state.applyPlannedFrom, let reading = state.dialogReading,
                  let approved = ApprovedPlan.shownInDialog(Proposal(plan: plan, observation: shown), reading: reading) else {
                state.notice = .keyUnavailable(key, .planNotShownInFull)
                return []
            }
            state.modal = nil
            return startBusy(.applying(steps), effect: .apply(approved), in: &state)
        case .enter:
            state.modal = nil
        default: break
        }
        return []
    case .rollback(let steps, let entries, let deletes, let understood, let focus):
        return handleRollbackDialog(steps: steps, entries: entries, deletes: deletes, understood: understood, focus: focus, key, in: &state)
    }
}
