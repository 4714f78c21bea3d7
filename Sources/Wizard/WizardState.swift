import Foundation
import OktaClient
import SetupEngine
import TerminalUI
import Synchronization

package enum WizardMode: Sendable, Equatable {
    /// Sets up the org; every write is shown before it is sent.
    case setup
    /// Read-only: write actions are absent and the client underneath refuses them.
    case inspect
}

package enum Screen: Sendable, Equatable {
    /// `consoleChoice`: a console step's question, when it offers more than one answer;
    /// `manual`: its Admin Console guide.
    /// `userCheck`: one user, explained (the procedure's proof: the number in the user's Okta profile).
    case connect, resumeOffer, overview, phase(Phase), consoleChoice(StepID), manual(StepID), summary, userCheck
}

/// An error or notice as the admin reads it; made from errors in one place (the runtime's
/// `describe`, which the command line shares with its own error output).
package struct UserMessage: Sendable, Equatable {
    package var title: String
    package var lines: [String]
    package init(title: String, lines: [String]) {
        self.title = title
        self.lines = lines
    }
}

package enum Modal: Sendable, Equatable {
    case help
    /// `plan`: exactly the requests the dialog shows and apply sends.
    case apply(steps: [StepID], plan: WritePlan, focus: Int)
    case rollback(steps: [StepID], entries: [Journal.Entry], deletesData: Bool, understood: Bool, focus: Int)
    case quit(focus: Int)
    case error(UserMessage)
    /// Every assigned user, counted by reason (from the summary).
    case verification(Verification)
    /// Several apps look like Dialpad: the one to set up, told apart by what the listing holds.
    case chooseApp([OktaApp], focus: Int)
}

extension Modal {
    /// Which dialog this is, whatever its focus.
    var kind: String {
        switch self {
        case .help: return "help"
        case .apply: return "apply"
        case .rollback: return "rollback"
        case .quit: return "quit"
        case .error: return "error"
        case .verification: return "verification"
        case .chooseApp: return "chooseApp"
        }
    }
}

package enum Busy: Sendable, Equatable {
    case connecting
    case applying([StepID])
    /// Resume: the writes a crash left unsettled are read back from the org (nothing is sent).
    case settling
    case rollingBack([StepID])
    case recording(Confirmation.Choice)
    /// The admin's word on a console step taken back, one word at a time (nothing is sent to Okta).
    case withdrawing(Confirmation)
    case demoAction(StepID)
    case checkingUser
    case verifying
    case savingReport

    /// Quitting now could leave a write without its outcome journalled: ask first.
    var writesInFlight: Bool {
        switch self {
        case .applying, .rollingBack, .recording, .withdrawing, .demoAction, .settling: return true
        case .connecting, .checkingUser, .verifying, .savingReport: return false
        }
    }
}

/// One line on the status line: what just happened, or why a key did nothing. Data, not
/// words: `Strings.notice` words it in the admin's language.
package enum Notice: Sendable, Equatable {
    /// The org shows a step the admin did in the Admin Console.
    case stepDone(StepID)
    /// An apply finished: the steps and how many requests it sent.
    case written([StepID], requests: Int)
    case rolledBack([StepID], requests: Int)
    /// A rollback that left steps alone (changed since this tool wrote them) or found writes not in the org.
    case rollbackSummary(RollbackSummary)
    /// `b` with nothing left to undo: what is left changed since this tool wrote it.
    case nothingLeftToRollBack(leftAlone: [StepID])
    /// Resume read back the writes a crash left unsettled: how many Okta had applied, and how many not.
    case settled(applied: Int, notApplied: Int)
    /// The admin's word on a step the API cannot read was recorded.
    case recorded(Confirmation.Choice)
    /// One word withdrawn; `writtenUnder`: writes still in the org that went out while it stood
    /// and that it let through (the only-source gate's), to be named.
    case withdrawn(Confirmation.Choice, writtenUnder: [StepID])
    /// `a` on a step that rests on unfinished steps: nothing was sent.
    case waitsFor(StepID, [StepID])
    /// `a` on a step with nothing to write (it is done, or needs the Admin Console).
    case nothingToWrite(StepID, StepStatus?)
    case nothingToRollBack
    /// `b` on a console step with no confirmation recorded now (never, or every one withdrawn).
    case nothingToWithdraw(StepID)
    /// A run of writes (apply, rollback) stopped at a failed write: how many of its writes are
    /// done; the org is read again so the screens show it.
    case outcome(RunTally)
    /// The change report was written to this file.
    case reportSaved(String)
    /// A key that does something only on another screen or in another mode, and why not here.
    case keyUnavailable(Key, KeyUnavailable)
    /// A refresh failed for now: the screens keep the org as read at `shownAsOf`.
    case refreshFailed(PassingFailure, shownAsOf: String?)
    /// The demo's D does the console action the only-source gate forbids: said as it starts.
    case demoAgainstGate(StepID)
    /// A choice in the app chooser: the app chosen, or a number that names none.
    case appChoice(AppChoiceNotice)

    var isGood: Bool {
        switch self {
        case .stepDone, .written, .rolledBack, .settled, .recorded, .withdrawn, .reportSaved: return true
        case .rollbackSummary(let summary): return summary.leftAlone.isEmpty
        case .nothingLeftToRollBack: return false
        case .waitsFor, .nothingToWrite, .nothingToRollBack, .nothingToWithdraw, .outcome, .keyUnavailable, .refreshFailed, .demoAgainstGate: return false
        case .appChoice(let choice): return choice.isGood
        }
    }
}

/// Why a key does nothing where it was pressed.
package enum KeyUnavailable: Sendable, Equatable {
    /// Read-only inspection: nothing is written from this session.
    case readOnly
    /// A console step's tick before the org shows the step done.
    case notDetectedYet(StepID)
    /// Enter on a console step before its box is ticked.
    case notTicked
    /// Esc on the first screen: nothing to go back to.
    case nothingToGoBackTo
    /// Something is already running.
    case busy
    /// The org's app list is still being read: nothing is planned until the other profile sources are counted.
    case countingSources
    /// Send before the whole plan has been on screen (PgDn shows the rest).
    case planNotShownInFull
    /// Send or Roll back with answers from a file or a pipe: nobody at a terminal saw the plan.
    case answersNotFromATerminal
    /// Space or Enter on a dialog's checkbox scrolled out of view: it is shown, not ticked.
    case focusNotShown
    /// a or A on the overview: they apply a phase's steps, so a phase is opened first.
    case onlyInAPhase
    /// a, A or b while a write is in flight (sent, or waiting to show in reads): nothing opens.
    case writeInProgress
}

/// Everything the wizard shows, as a value: `update` changes it, `render` draws it.
package struct WizardState: Sendable, Equatable {
    package var mode: WizardMode
    package var language: Language
    package var theme: Theme
    package var size: Size
    package var desired = DesiredConfiguration() { didSet { if desired != oldValue { plans = PlanMemo() } } }
    package var screen: Screen = .connect
    package var history: [Screen] = []
    /// A dialog over the screen; another one opening starts at its top, nothing of it seen yet.
    package var modal: Modal? {
        didSet {
            if oldValue?.kind != modal?.kind {
                dialogScroll = 0
                dialogSeen = -1
                dialogNotice = nil
                dialogSeenAtLayout = [:]
            }
        }
    }
    /// How far the open dialog is scrolled (PgDn/PgUp), and the furthest row of it that has been
    /// on screen: Send is offered only once the last row of a plan has been.
    package var dialogScroll = 0
    package var dialogSeen = -1
    /// The notice a key gave in the open dialog: drawn in the dialog, above its buttons, since
    /// a tall dialog covers the status line.
    package var dialogNotice: Notice?
    /// How far the open dialog was read at each layout it had (its rows' text): a resize back to
    /// a layout shown before brings back what was read in it, and rows count only in their own.
    package var dialogSeenAtLayout: [[String]: Int] = [:]
    /// Plain mode (a transcript, a screen reader): write dialogs start on Cancel, since a line
    /// typed for the screen before may land on the dialog.
    package var transcript = false
    /// Whether Send and Roll back may act on the answers given: false in plain mode when they
    /// come from a file or a pipe, not a person at a terminal (unless `--yes` said they may).
    package var answersCanApprove = true

    // Connect
    package var orgField = TextField(placeholder: "https://acme.okta.com")
    package var tokenField = TextField(isSecret: true)
    package var connectFocus = 0
    /// The credentials came from the environment, okta.yaml or an OAuth key: no token field.
    package var credentialsPreset = false
    /// Which preset credentials those are, so the admin sees what will sign in (never the secret).
    package var presetCredentials: PresetCredentials?

    // What the org has
    package var org: String? {
        // Parsed once here, not on every frame (the header shows both on each key press).
        didSet {
            orgHost = org.map { URL(string: $0)?.host ?? $0 }
            orgIsLoopback = org.flatMap { try? OrgURL(validating: $0) }?.isLoopback == true
        }
    }
    /// The host of `org`, as the header shows it.
    package private(set) var orgHost: String?
    /// `org` is on loopback: the simulator, never a customer's org.
    package private(set) var orgIsLoopback = false
    /// The app was named (`--app-id`) or chosen among several: the overview and summary say which.
    package var appNamed = false
    /// The `--app-id` given names no app in the org: the app chooser says so above the apps.
    package var appIdNotFound: String?
    package var isPreviewOrg = false
    package var journalPath: String?
    /// `--record FILE`: the support bundle this session writes (the header marks it, the exit names it).
    package var recordingBundle: String?
    // The org read again as it was (most reads) keeps its plans.
    package var journal: Journal? { didSet { if journal != oldValue { plans = PlanMemo() } } }
    package var observation: Observation? { didSet { if observation != oldValue { plans = PlanMemo() } } }
    /// The plans made from this observation, journal and desired configuration: a frame draws the
    /// selected step's requests on every key press, and planning is a pure function of those three.
    private var plans = PlanMemo()
    /// The org as first seen on a large org: everything but the other profile sources, which
    /// the app list's pages still count. Nothing is planned or sent from such a picture.
    package var countingSources: Bool { observation?.appSourceCount == .reading }
    /// The observation the open apply dialog's requests come from: the plan the admin approves.
    package var applyPlannedFrom: Observation?
    package var reports: [StepReport] = []
    package var observing = false
    /// Custom user types the admin chose to set up as well (`t`, as `apply --user-type`, R30).
    package var includedUserTypes: [String] = []
    package var lastCheckedClock: String?
    /// A stopped run's read of the org again met a passing failure: the screens still show the
    /// org as read before the run (at `lastCheckedClock`), and a stopped run's words say so.
    package var readAgainFailed: PassingFailure?
    package var lastObservedAt: Double?

    // Work in progress
    package var busy: Busy?
    package var busySince: Double = 0
    package var now: Double = 0

    // Selections
    package var overviewSelection = 0
    package var stepSelection: [Phase: Int] = [:]
    package var resumeChoice = RadioGroup(options: ["", "", ""])
    package var consoleChoice = RadioGroup(options: ["", ""])
    /// The answer picked on a console step's question: its guide then ticks and records that one.
    package var chosenOption: Confirmation.Choice?
    package var manualConfirmation = false
    /// The user check: the login or id typed, and the last check's result.
    package var userField = TextField(placeholder: "user@acme.com")
    package var userCheck: UserCheck?

    package var notice: Notice?
    /// How far the screen's pane is scrolled (PgDn/PgUp), and how far it can be, as the last frame drawn found.
    package var scroll = 0
    package var scrollLimit = Int.max
    /// Where the admin is: times from the journal and Okta are shown in it.
    package var timeZone = TimeZone.current
    /// Two wide: the terminal draws box lines, ○ ◆ … → two columns wide; the frame uses ASCII for them.
    package var ambiguousWidth = AmbiguousWidth.single
    /// What the running apply last said it does (a write on its way, a write Okta does not show yet).
    package var progress: ApplyProgress?
    /// The runtime offers the simulated Admin Console actions (the `demo` command only).
    package var demoConsole = false
    package var shouldQuit = false

    package init(mode: WizardMode, language: Language, theme: Theme, size: Size) {
        self.mode = mode
        self.language = language
        self.theme = theme
        self.size = size
    }

    package static let minimumSize = Size(width: 80, height: 24)
    package var isTooSmall: Bool { size.width < Self.minimumSize.width || size.height < Self.minimumSize.height }
    package var strings: Strings { .for(language) }

    package func report(_ step: StepID) -> StepReport? { reports.first { $0.id == step } }

    package func steps(in phase: Phase) -> [StepID] { StepID.allCases.filter { $0.phase == phase } }

    package func selectedStep(in phase: Phase) -> StepID {
        let steps = steps(in: phase)
        return steps[min(stepSelection[phase] ?? 0, steps.count - 1)]
    }

    /// The exact writes apply would send now for these steps (what the confirm dialog shows).
    package func plannedWrites(for steps: [StepID]) -> [PlannedWrite] {
        allPlannedWrites.map { WritePlanner.writes($0, keeping: Set(steps)) } ?? []
    }

    /// The plan for these steps from the org as last read: the requests and the fingerprint.
    package func plan(for steps: [StepID]) -> WritePlan? {
        guard let observation, let allWrites = allPlannedWrites else { return nil }
        return plans.plan(for: Set(steps)) {
            WritePlan(observation, desired: desired, steps: Set(steps), confirmations: journal?.confirmations ?? [], allWrites: allWrites)
        }
    }

    /// Every step's writes from the org as last read, planned once for it. `update` asks for them
    /// as the org's picture arrives, so the key that opens a phase draws without planning.
    @discardableResult
    package func planAhead() -> [PlannedWrite]? { allPlannedWrites }

    private var allPlannedWrites: [PlannedWrite]? {
        guard let observation else { return nil }
        return plans.allWrites {
            WritePlanner.writes(for: observation, desired: desired, confirmations: journal?.confirmations ?? [])
        }
    }

    /// Journal entries a rollback of these steps would undo, newest first (dependents included,
    /// as the engine undoes them).
    package func rollbackEntries(for steps: [StepID]) -> [Journal.Entry] {
        guard let journal else { return [] }
        var wanted = Set(steps)
        for step in steps { wanted.formUnion(step.dependents) }
        return journal.entries.reversed().filter { wanted.contains($0.step) && [.done, .intent].contains($0.outcome) }
    }

    /// The answer a console step's guide ticks and records: the one picked on its question,
    /// else the one done in the Admin Console.
    package func option(for step: StepID) -> ConsoleOption? {
        guard let console = step.definition.console else { return nil }
        // While the step keeps its gate shut, the one tick offered is the admin's word that opens it.
        if let override = console.gateOverride, console.gateShut(report(step)) { return override }
        return console.options.first { $0.choice == chosenOption } ?? console.guided ?? console.options.first
    }

    /// Whether a console step's guide offers its tick now: once the org shows the action, or
    /// at once for an answer the org cannot show (a choice not to act), unless the step waits.
    package func canTick(_ step: StepID) -> Bool {
        guard let option = option(for: step), let observation else { return false }
        if option.shownByOrg { return step.definition.console?.detected(observation, report(step)) == true }
        // Waiting only for later steps (existing users before sourcing), a choice not to act is still the admin's to record.
        return report(step)?.status != .blocked || !(report(step)?.why.laterSteps ?? []).isEmpty
    }

    package var isComplete: Bool { !reports.isEmpty && reports.allSatisfy { $0.status == .ok } }
}

/// Where preset credentials come from, as the connect screen names them.
package enum PresetCredentials: Sendable, Equatable {
    case token(source: String)
    case oauth(clientId: String, keySource: String, dpop: Bool)
}

extension WizardState {
    /// The types of sampled Dialpad users that the setup does not include yet: offered with `t`.
    var userTypesToOffer: [String] {
        let shares = reports.first { $0.id == .existingUsers }?.otherUserTypes ?? []
        return shares.map(\.typeId).filter { !includedUserTypes.contains($0) }
    }
}

/// Plans already made for one observation, journal and desired configuration. A new one is made
/// whenever any of the three changes, so a copy of the state given another never sees these.
final class PlanMemo: Sendable, Equatable {
    private let plans = Mutex<[Set<StepID>: WritePlan]>([:])
    private let every = Mutex<[PlannedWrite]?>(nil)

    func allWrites(making make: () -> [PlannedWrite]) -> [PlannedWrite] {
        if let writes = every.withLock({ $0 }) { return writes }
        let writes = make()
        every.withLock { $0 = writes }
        return writes
    }

    func plan(for steps: Set<StepID>, making make: () -> WritePlan) -> WritePlan {
        if let plan = plans.withLock({ $0[steps] }) { return plan }
        let plan = make()
        plans.withLock { $0[steps] = plan }
        return plan
    }

    /// What it holds is derived from the state around it: two memos never make states differ.
    static func == (lhs: PlanMemo, rhs: PlanMemo) -> Bool { true }
}
