import ArgumentParser
import Foundation
import Logging
import NcursesTerminal
import OktaClient
import SetupEngine
import TerminalUI
import Wizard

/// When the process started, for the wizard's time-to-first-frame figure.
nonisolated(unsafe) var launchTime = Date().timeIntervalSince1970

struct Setup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "The interactive wizard (the default command): connect, see each phase, apply, roll back, resume.",
        discussion: "Needs a terminal of at least 80x24. --inspect opens it read-only: no write action exists and the client refuses any write.")

    @OptionGroup var options: OrgOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var display: DisplayOptions

    @Flag(name: .customLong("inspect"), help: "Read-only: look at every step without any way to write.")
    var inspect = false

    func run() async throws {
        try options.checkRecordDestination()
        try await WizardLauncher(options: options, state: state, mode: inspect ? .inspect : .setup, display: display).run()
    }
}

/// Builds the wizard's services from the command line's and runs it on a terminal thread.
struct WizardLauncher {
    var options: OrgOptions
    var state: StateOptions
    var mode: WizardMode
    var display = DisplayOptions()
    var demo: (configuration: OktaConfiguration, console: @Sendable (OktaClient, StepID, Observation) async throws -> Void)?
    var reportDirectory: URL?

    func services() -> WizardServices {
        let options = self.options, state = self.state, demo = self.demo
        // The screen is the terminal: a log line on stderr would tear it, so the client logs nowhere.
        let quiet = Logger(label: "dialpad-okta.wizard", factory: { _ in SwiftLogNoOpLogHandler() })
        return WizardServices(
            makeClient: { org, token, readOnly in
                if let demo { return OktaClient(configuration: demo.configuration, readOnly: readOnly, logger: quiet) }
                if let token {
                    let configuration = try OktaConfiguration(orgURL: OrgURL(validating: org ?? ""), token: token,
                                                              orgSource: "the form", tokenSource: "the form")
                    return OktaClient(configuration: configuration, readOnly: readOnly, logger: quiet,
                                      trustRoots: try TrustRoots.load(caFile: options.caFile),
                                      recorder: options.record.map { SupportRecorder.shared(path: $0, arguments: Array(CommandLine.arguments.dropFirst()),
                                                                                            product: productVersion, org: configuration.orgURL) })
                }
                var options = options
                if let org { options.org = org }
                return try options.makeClient(readOnly: readOnly, logger: quiet)
            },
            makeStore: { org in state.store(for: org) },
            appId: options.appId,
            reportDirectory: reportDirectory,
            demoConsole: demo?.console)
    }

    /// What the form starts with: the org and credentials the SDKs' usual sources give, if any.
    func initialState(size: Size, colour: Bool) -> WizardState {
        let environment = ProcessInfo.processInfo.environment
        var initial = WizardState(mode: mode, language: options.language,
                                  theme: Theme.from(environment: environment, terminalHasColour: colour), size: size)
        if let demo {
            initial.orgField = TextField(value: demo.configuration.orgURL.description)
            initial.credentialsPreset = true
            return initial
        }
        initial.recordingBundle = options.record
        // The same resolution the client makes, OAuth flags included, so what the form says will sign in does.
        if let configuration = try? options.configuration() {
            initial.orgField = TextField(value: configuration.orgURL.description)
            initial.credentialsPreset = true
            initial.presetCredentials = configuration.oauth.map { .oauth(clientId: $0.clientId, keySource: $0.keySource, dpop: $0.useDPoP) }
                ?? .token(source: configuration.tokenSource)
        } else if let org = options.org ?? environment["OKTA_CLIENT_ORGURL"] ?? state.journalledOrg() {
            // With nothing given, the org of the setup last journalled here: re-running setup resumes it.
            initial.orgField = TextField(value: org)
            initial.connectFocus = 1
        }
        return initial
    }

    func run() async throws {
        let services = services()
        if display.plain {
            let final = await runPlain(services)
            throw finish(final)
        }
        // ncurses is not thread-safe: one thread owns the terminal from start to restore.
        let outcome: Result<WizardState, TerminalUnavailable> = await Self.onOwnThread {
            setenv("SWIFT_BACKTRACE", "interactive=no", 1)
            let terminal: NcursesTerminal
            do { terminal = try NcursesTerminal(probeAmbiguousWidth: display.choice == .auto) } catch {
                return .failure(error as? TerminalUnavailable ?? TerminalUnavailable(message: "\(error)"))
            }
            var initial = initialState(size: terminal.size, colour: terminal.hasColour)
            initial.ambiguousWidth = AmbiguousWidth(rawValue: display.choice.rawValue) ?? terminal.ambiguousWidth ?? .single
            let runtime = WizardRuntime(state: initial, terminal: terminal, services: services, processStart: launchTime)
            runtime.run()
            terminal.restore()
            let final = runtime.state
            Self.wait { await runtime.shutdown() }
            return .success(final)
        }
        switch outcome {
        case .failure(let unavailable):
            Output.standard.errorLine("error: \(unavailable.message)")
            throw ExitCode(Exit.usage)
        case .success(let final):
            throw finish(final)
        }
    }

    /// The same wizard as plain lines, on a thread of its own: it blocks on standard input.
    func runPlain(_ services: WizardServices) async -> WizardState {
        // Plain mode reads lines, so Ctrl-C is a signal, not a key: never mid-write.
        if mode == .setup { Interruption.install(language: options.language) }
        return await Self.onOwnThread {
            var initial = initialState(size: Size(width: 100, height: 60), colour: false)
            initial.ambiguousWidth = display.choice == .double ? .double : .single
            // Answers read from a file or a pipe approve no write on a real org: nobody saw the
            // plan they approve (the demo's org is simulated; --yes says they may).
            initial.answersCanApprove = display.answersApprove || demo != nil
                || (isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1)
            let plain = PlainRuntime(state: initial, services: services, input: Self.readAnswer, willAsk: Self.setEcho(forSecret:))
            plain.run()
            let final = plain.state
            Self.wait { await plain.shutdown() }
            return final
        }
    }

    /// Runs `body` on a thread of its own with a large stack: the wizard's loop blocks on its
    /// terminal or its input, which must not hold one of Swift's few executor threads.
    static func onOwnThread<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Blocks this (non-executor) thread until `work` has finished.
    static func wait(for work: sending @escaping () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await work()
            done.signal()
        }
        done.wait()
    }

    /// Before a secret's prompt shows, a terminal stops echoing (the screen's token field never
    /// shows it either); after any other prompt it echoes again.
    static func setEcho(forSecret secret: Bool) {
        guard isatty(STDIN_FILENO) == 1 else { return }
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return }
        let echoing = settings.c_lflag & tcflag_t(ECHO) != 0
        guard echoing == secret else { return }
        if secret { settings.c_lflag &= ~tcflag_t(ECHO) } else { settings.c_lflag |= tcflag_t(ECHO) }
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }

    /// A line of standard input; a secret's line ends without an echoed newline, so one is
    /// printed, and echo comes back on.
    static func readAnswer(secret: Bool) -> String? {
        let line = readLine(strippingNewline: true)
        if secret && isatty(STDIN_FILENO) == 1 {
            Output.standard.line("")
            setEcho(forSecret: false)
        }
        return line
    }

    /// Each client's shutdown writes the bundle (the wizard's quiet clients say nothing when it
    /// cannot): written in this session when the file is there and newer than the process.
    static func bundleAtExit(_ path: String) -> BundleAtExit {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
        guard let modified, modified.timeIntervalSince1970 >= launchTime.rounded(.down) else { return .notWritten(path: path) }
        return .written(path: path)
    }

    /// The session's last words, in its language, and the exit status of where it stands.
    func finish(_ final: WizardState) -> ExitCode {
        // Plain mode's transcript is wrapped to COLUMNS, into a pipe too: its last lines with it.
        let width = display.plain ? Output.columns() : nil
        let say = { (line: String) in Output.standard.line(width.map { Prose.outsideLines(line).wrapped(toWidth: $0) } ?? .outsideLines(line)) }
        final.strings.exitLines(final).forEach(say)
        if let bundle = final.recordingBundle {
            final.strings.bundleExitLines(Self.bundleAtExit(bundle)).forEach(say)
        }
        guard !final.reports.isEmpty else { return ExitCode(Exit.done) }
        return ExitCode(final.isComplete ? Exit.done : Exit.notDone)
    }
}
