import OktaClient
import SetupEngine
import TerminalUI

public enum WizardMode: Sendable, Equatable {
    /// Sets up the org; every write is shown before it is sent.
    case setup
    /// Read-only: write actions are absent and the client underneath refuses them.
    case inspect
}

public enum Screen: Sendable, Equatable {
    /// `consoleChoice`: a console step's question, when it offers more than one answer;
    /// `manual`: its Admin Console guide.
    /// `userCheck`: one user, explained (the procedure's proof: the number in the user's Okta profile).
    case connect, resumeOffer, overview, phase(Phase), consoleChoice(StepID), manual(StepID), summary, userCheck
}

/// An error or notice as the admin reads it; made from errors in one place (the runtime's
/// `describe`, which the command line shares with its own error output).
public struct UserMessage: Sendable, Equatable {
    public var title: String
    public var lines: [String]
    public init(title: String, lines: [String]) {
        self.title = title
        self.lines = lines
    }
}

public enum Modal: Sendable, Equatable {
    case help
    /// `plan`: exactly the requests the dialog shows and apply sends.
    case apply(steps: [StepID], plan: WritePlan, focus: Int)
    case rollback(steps: [StepID], entries: [Journal.Entry], deletesData: Bool, understood: Bool, focus: Int)
    case quit(focus: Int)
    case error(UserMessage)
    /// Every assigned user, counted by reason (from the summary).
    case verification(Verification)
}

public enum Busy: Sendable, Equatable {
    case connecting
    case applying([StepID])
    case rollingBack([StepID])
    case recording
    case demoAction(StepID)
    case checkingUser
    case verifying

    /// Quitting now could leave a write without its outcome journalled: ask first.
    var writesInFlight: Bool {
        switch self {
        case .applying, .rollingBack, .recording, .demoAction: return true
        case .connecting, .checkingUser, .verifying: return false
        }
    }
}

public struct ActivityEntry: Sendable, Equatable {
    public var clock: String
    public var text: String
    public var succeeded: Bool
}

/// Everything the wizard shows, as a value: `update` changes it, `render` draws it.
public struct WizardState: Sendable, Equatable {
    public var mode: WizardMode
    public var language: Language
    public var theme: Theme
    public var size: Size
    public var desired = DesiredConfiguration()
    public var screen: Screen = .connect
    public var history: [Screen] = []
    public var modal: Modal?

    // Connect
    public var orgField = TextField(placeholder: "https://acme.okta.com")
    public var tokenField = TextField(isSecret: true)
    public var connectFocus = 0
    /// The credentials came from the environment, okta.yaml or an OAuth key: no token field.
    public var credentialsPreset = false
    /// Which preset credentials those are, so the admin sees what will sign in (never the secret).
    public var presetCredentials: PresetCredentials?

    // What the org has
    public var org: String?
    public var isPreviewOrg = false
    public var journalPath: String?
    public var journal: Journal?
    public var observation: Observation?
    /// The observation the open apply dialog's requests come from: the plan the admin approves.
    public var applyPlannedFrom: Observation?
    public var reports: [StepReport] = []
    public var observing = false
    public var lastCheckedClock: String?
    public var lastObservedAt: Double?

    // Work in progress
    public var busy: Busy?
    public var busySince: Double = 0
    public var now: Double = 0

    // Selections
    public var overviewSelection = 0
    public var stepSelection: [Phase: Int] = [:]
    public var resumeChoice = RadioGroup(options: ["", "", ""])
    public var consoleChoice = RadioGroup(options: ["", ""])
    public var manualConfirmation = false
    /// The user check: the login or id typed, and the last check's result.
    public var userField = TextField(placeholder: "user@acme.com")
    public var userCheck: UserCheck?

    public var activity: [ActivityEntry] = []
    public var notice: String?
    /// The runtime offers the simulated Admin Console actions (the `demo` command only).
    public var demoConsole = false
    public var shouldQuit = false

    public init(mode: WizardMode, language: Language, theme: Theme, size: Size) {
        self.mode = mode
        self.language = language
        self.theme = theme
        self.size = size
    }

    public static let minimumSize = Size(width: 80, height: 24)
    public var isTooSmall: Bool { size.width < Self.minimumSize.width || size.height < Self.minimumSize.height }
    public var strings: Strings { .for(language) }

    public func report(_ step: StepID) -> StepReport? { reports.first { $0.id == step } }

    public func steps(in phase: Phase) -> [StepID] { StepID.allCases.filter { $0.phase == phase } }

    public func selectedStep(in phase: Phase) -> StepID {
        let steps = steps(in: phase)
        return steps[min(stepSelection[phase] ?? 0, steps.count - 1)]
    }

    /// The exact writes apply would send now for these steps (what the confirm dialog shows).
    public func plannedWrites(for steps: [StepID]) -> [PlannedWrite] { plan(for: steps)?.writes ?? [] }

    /// The plan for these steps from the org as last read: the requests and the fingerprint.
    public func plan(for steps: [StepID]) -> WritePlan? {
        observation.map { WritePlan($0, desired: desired, steps: Set(steps)) }
    }

    /// Journal entries a rollback of these steps would undo, newest first (dependents included,
    /// as the engine undoes them).
    public func rollbackEntries(for steps: [StepID]) -> [Journal.Entry] {
        guard let journal else { return [] }
        var wanted = Set(steps)
        for step in steps { wanted.formUnion(step.dependents) }
        return journal.entries.reversed().filter { wanted.contains($0.step) && [.done, .intent].contains($0.outcome) }
    }

    public var isComplete: Bool { !reports.isEmpty && reports.allSatisfy { $0.status == .ok } }
}

/// Where preset credentials come from, as the connect screen names them.
public enum PresetCredentials: Sendable, Equatable {
    case token(source: String)
    case oauth(clientId: String, keySource: String, dpop: Bool)
}
