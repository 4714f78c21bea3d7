import ArgumentParser
import Foundation
import TerminalUI
import Logging
import Synchronization
import OktaClient
import OktaSimulator
import SetupEngine
import Wizard

/// Exit codes shared by every command (README, "Inspect an org" and "Change an org").
enum Exit {
    static let done: Int32 = 0
    static let error: Int32 = 1
    static let usage: Int32 = 2
    static let notDone: Int32 = 3
}

@main
struct DialpadOkta: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialpad-okta",
        abstract: "Set up, inspect and roll back the Okta configuration that syncs Dialpad phone numbers into Okta user profiles.",
        version: productVersion,
        subcommands: [Setup.self, Inspect.self, Plan.self, Apply.self, Resume.self, Rollback.self, Confirm.self, CheckUser.self, Verify.self, Report.self, Demo.self, Simulator.self, BundleCommand.self,
                      GenerateManual.self],
        defaultSubcommand: Setup.self)

    /// ArgumentParser's own usage exit code is 64; ours is 2, so parse and run here.
    static func main() async {
        forbidMemoryReaders()
        // The runtime's first uses, paid beside the parse rather than before the first request.
        Warmup.start()
        // A reader that goes away (`apply | head -1`) ends what is shown, never a write in flight.
        signal(SIGPIPE, SIG_IGN)
        launchTime = Date().timeIntervalSince1970
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let refusal as CommandLineRefusal {
            // Ours, so worded in the admin's language; with --json, a document on stdout as well.
            let text = ErrorText(languageOfArguments())
            if CommandLine.arguments.contains("--json") { printErrorDocument(text.document(refusal)) }
            Output.standard.errorLine(.outsideLines(text.lines(refusal).joined(separator: "\n")))
            Foundation.exit(Exit.usage)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Output.standard.line(.ours(fullMessage(for: error)))
                Foundation.exit(0)
            }
            // The parser repeats what was typed: a token pasted in the wrong place is not repeated.
            let message = withoutTokens(fullMessage(for: error))
            let text = ErrorText(languageOfArguments())
            let lines = code == .validationFailure ? text.usage(message) : [message]
            if code == .validationFailure && CommandLine.arguments.contains("--json") { printErrorDocument(text.usageDocument(message)) }
            Output.standard.errorLine(.outsideLines(lines.joined(separator: "\n")))
            Foundation.exit(code == .validationFailure ? Exit.usage : Exit.error)
        }
    }
}

/// `text` with the environment's token, and anything shaped like an Okta API token (`00` and
/// 40 more characters), replaced: a command line's words may hold one typed by mistake.
func withoutTokens(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    var text = text
    if let token = environment["OKTA_CLIENT_TOKEN"], token.count >= 8 { text = text.replacingOccurrences(of: token, with: "‹token›") }
    guard text.contains("00") else { return text }
    return text.replacingOccurrences(of: #"(?<![A-Za-z0-9_-])00[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])"#, with: "‹token›", options: .regularExpression)
}

/// A usage error as `--json` gives every error: `{"error": {...}}` on standard output.
func printErrorDocument(_ document: JSONValue) {
    Output.standard.data(String(decoding: (try? JSONEncoder.okta.encode(JSONValue.object(["error": document]))) ?? Data(), as: UTF8.self) + "\n")
}

/// The language the admin asked for on a command line the parser could not read: `--lang ja`
/// or `--lang=ja` wherever it stands, else the locale's.
func languageOfArguments(_ arguments: [String] = CommandLine.arguments) -> Language {
    var flag: String?
    for (index, argument) in arguments.enumerated() {
        if argument == "--lang", index + 1 < arguments.count { flag = arguments[index + 1] }
        if argument.hasPrefix("--lang=") { flag = String(argument.dropFirst("--lang=".count)) }
    }
    return Language.resolve(flag: flag)
}

/// The process holds tokens and keys: no core file may keep them, and no debugger or
/// /proc/PID/mem reader of the same user may read them (ptrace needs the process dumpable).
func forbidMemoryReaders() {
    #if os(Linux)
    var none = rlimit(rlim_cur: 0, rlim_max: 0)
    _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
    // prctl is variadic, which Swift does not call; its first two arguments are plain ints.
    // PR_SET_DUMPABLE is 4 (linux/prctl.h, which Glibc's module does not bring in).
    typealias Prctl = @convention(c) (Int32, UInt) -> Int32
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") {
        _ = unsafeBitCast(symbol, to: Prctl.self)(4, 0)
    }
    #endif
}

/// Options every command that talks to an org shares.
struct OrgOptions: ParsableArguments {
    @Option(name: .customLong("org"), help: "The org URL, e.g. https://acme.okta.com (else OKTA_CLIENT_ORGURL, else ~/.okta/okta.yaml).")
    var org: String?

    @Option(name: .customLong("app-id"), help: "The Dialpad app's id (0oa…), when the org has several apps labelled Dialpad.")
    var appId: String?

    @Option(name: .customLong("lang"), help: "Language of the Admin Console guidance: en or ja (default: from the locale).")
    var lang: Language?

    var language: Language { Language.resolve(flag: lang?.rawValue) }

    @Flag(name: .customLong("verbose"), help: "Log every HTTP request (method, path, status, request id; never credentials) to stderr.")
    var verbose = false

    @Option(name: .customLong("client-id"), help: "OAuth 2.0 service app's client id (0oa…), instead of an API token (else OKTA_CLIENT_CLIENTID).")
    var clientId: String?

    @Option(name: .customLong("private-key"), help: ArgumentHelp("The service app's private key, PEM or JWK (else OKTA_CLIENT_PRIVATEKEY).", valueName: "file"))
    var privateKey: String?

    @Option(name: .customLong("key-id"), help: "The kid of the service app's public key in Okta (else OKTA_CLIENT_KID).")
    var keyId: String?

    @Option(name: .customLong("scopes"), help: "Okta API scopes to request, space- or comma-separated (default: only those the command needs).")
    var scopes: String?

    @Flag(name: .customLong("no-dpop"), help: "Do not send DPoP proofs (for service apps without Require DPoP).")
    var noDPoP = false

    @Option(name: .customLong("ca-file"), help: "A PEM certificate authority to trust besides the system's (a TLS-inspecting proxy's); SSL_CERT_FILE is read too.")
    var caFile: String?

    @OptionGroup var timing: DeadlineOptions

    @Option(name: .customLong("record"), help: ArgumentHelp("Write a support bundle of this run here (0600): the org's answers without tokens, personal values or the org's host. Check it with `bundle check`.", valueName: "file"))
    var record: String?

    /// The org and credentials from the flags, the environment and okta.yaml, as the SDKs resolve them.
    func configuration() throws -> OktaConfiguration {
        let flags = OktaConfiguration.OAuthFlags(clientId: clientId, privateKeyFile: privateKey, keyId: keyId, scopes: scopes, noDPoP: noDPoP)
        return try OktaConfiguration.resolve(.init(orgFlag: org, oauth: flags))
    }

    /// Runs `body` with a client for the org and shuts the client down however it ends: the one
    /// place a command's client is shut down. An error reaches the admin through `ErrorPresenter`;
    /// an exit status passes through as it is.
    /// `scopes`: what the command needs of a service app beyond `readOnly`'s (`OAuthScopes.checkUser`).
    func withClient<Result>(readOnly: Bool, scopes: [String]? = nil, json: Bool = false, _ body: (OktaClient) async throws -> Result) async throws -> Result {
        try checkRecordDestination()
        // A run that writes never ends in the middle of a write at Ctrl-C.
        if !readOnly { Interruption.install(language: language) }
        let client: OktaClient
        do { client = try makeClient(readOnly: readOnly, defaultDeadline: RunDeadline.defaultLimit, scopes: scopes) } catch { throw ErrorPresenter.fail(error, json: json, language: language) }
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch let exit as ExitCode {
            await client.shutdown()
            throw exit
        } catch {
            await client.shutdown()
            throw ErrorPresenter.fail(error, json: json, language: language)
        }
    }

    /// `defaultDeadline`: the run's length without --deadline; nil (the wizard, where a person
    /// reads between requests), none.
    func makeClient(readOnly: Bool, logger quiet: Logger? = nil, defaultDeadline: Duration? = nil, scopes: [String]? = nil) throws -> OktaClient {
        bootstrapLogging()
        let configuration = try configuration()
        if quiet == nil {
            let text = CommandLineText(language: language, colour: false)
            for exposure in configuration.exposures { Output.standard.errorLine(text.exposure(exposure)) }
        }
        var logger = quiet ?? Logger(label: "dialpad-okta.http")
        if quiet == nil { logger.logLevel = verbose ? .debug : .warning }
        return OktaClient(configuration: configuration, readOnly: readOnly, logger: logger, trustRoots: try TrustRoots.load(caFile: caFile),
                          deadline: RunDeadline(timing.deadline?.duration ?? defaultDeadline), scopes: scopes,
                          recorder: record.map { SupportRecorder.shared(path: $0, arguments: Array(CommandLine.arguments.dropFirst()), product: productVersion, org: configuration.orgURL,
                                                                        onWriteFailure: quiet == nil ? recordWriteFailure : nil) })
    }
}

/// The journal's location, shared by the commands that write.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state-file"), help: "The journal (default: $XDG_STATE_HOME/dialpad-okta/<org>.json).")
    var stateFile: String?

    func store(for org: OrgURL) -> JournalStore {
        JournalStore(url: stateFile.map { URL(fileURLWithPath: $0) } ?? JournalStore.defaultURL(org: org))
    }

    /// The org of the newest journal (the --state-file, else the default directory's), if any.
    func journalledOrg() -> String? {
        JournalStore.journalledOrgs(stateFile: stateFile.map { URL(fileURLWithPath: $0) }).first
    }

    /// The admin's recorded confirmations, read without a lock (reports never write); a
    /// journal that cannot be trusted is named on stderr and ignored for the report.
    func confirmations(for org: OrgURL, language: Language = .en) -> [Confirmation] {
        do {
            return try store(for: org).load(expectingOrg: org.description)?.confirmations ?? []
        } catch {
            // The journal is a file anyone could have written: its org is shown, never obeyed.
            Output.standard.errorLine(.outsideLines(ErrorText(language).lines(error, warning: true).joined(separator: "\n")))
            return []
        }
    }
}

extension ApplyResult {
    /// The report after a run that wrote, and the exit status it means.
    func report(_ client: OktaClient, language: Language) -> InspectionReport {
        InspectionReport(observation: observation, steps: steps, requests: client.log.requestCount, waves: client.log.waves,
                         language: language, confirmations: confirmations)
    }

    func printReport(_ client: OktaClient, journal: URL, language: Language) -> ExitCode {
        let report = report(client, language: language)
        let text = CommandLineText(language: language, colour: false)
        if writes.isEmpty { Output.standard.line(.ours(text.noWriteNeeded)) }
        Output.standard.line()
        Output.standard.text(CommandLineText(language: language, colour: Terminal.wantsColour).inspection(report, observation: observation))
        Output.standard.line("\(text.journal(journal.path))")
        return ExitCode(report.complete ? Exit.done : Exit.notDone)
    }
}

private let loggingBootstrapped: Void = {
    LoggingSystem.bootstrap { CommandLineLogHandler(trace: StreamLogHandler.standardError(label: $0)) }
}()

/// What the run says while it waits (a rate limit, a write not yet shown) reads like the
/// rest of its messages, `warning: …`; the --verbose trace keeps swift-log's stamped lines.
struct CommandLineLogHandler: LogHandler {
    var trace: StreamLogHandler
    var logLevel: Logger.Level {
        get { trace.logLevel }
        set { trace.logLevel = newValue }
    }
    var metadata: Logger.Metadata {
        get { trace.metadata }
        set { trace.metadata = newValue }
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { trace[metadataKey: key] }
        set { trace[metadataKey: key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        guard level >= .warning else {
            return trace.log(level: level, message: message, metadata: metadata, source: source, file: file, function: function, line: line)
        }
        Output.standard.errorLine("\(ours: level == .warning ? "warning" : "error"): \(message.description)")
    }
}

/// Log lines go to stderr, so stdout stays the report (and valid JSON with --json).
func bootstrapLogging() {
    _ = loggingBootstrapped
}

/// Where a command's error reaches the admin: `ErrorText`'s words in the admin's language, on
/// stderr, and with `--json` a JSON document on stdout too, so a script reading `--json`
/// output always gets JSON. The simulator's own refusals are worded where they are made.
enum ErrorPresenter {
    /// The command line's lines. Errors quote Okta (`errorSummary`, causes, request ids) and
    /// files: shown, never obeyed.
    static func render(_ error: any Error, language: Language = .en) -> Prose {
        .outsideLines(lines(error, language: language).joined(separator: "\n"))
    }

    private static func lines(_ error: any Error, language: Language) -> [String] {
        if let error = error as? SimulatorError { return ["error: " + error.message] }
        return ErrorText(language).lines(error)
    }

    static func fail(_ error: any Error, json: Bool = false, language: Language = .en) -> ExitCode {
        Output.standard.errorLine(render(error, language: language))
        if json {
            let document = JSONValue.object(["error": document(error)])
            Output.standard.data(String(decoding: (try? JSONEncoder.okta.encode(document)) ?? Data(), as: UTF8.self) + "\n")
        }
        return ExitCode(Exit.error)
    }

    /// An error as `--json` gives it (in English: scripts read it).
    static func document(_ error: any Error) -> JSONValue {
        if let error = error as? SimulatorError {
            return .object(["code": .string(error.code), "message": .string(error.message)])
        }
        return ErrorText(.en).document(error)
    }

    /// The first line of what failed, for a table cell.
    static func summary(_ error: any Error, language: Language = .en) -> String {
        ErrorText(language).report(error).lines.first ?? ""
    }
}

/// A run's progress as command-line lines: each write and each settled intent on stdout (not
/// with --json), and once per step on stderr that Okta does not show a write yet, so an
/// admin watching a slow org knows what the run waits for.
final class ProgressPrinter: Sendable {
    private let quiet: Bool
    private let text: CommandLineText
    private let announced = Mutex<Set<String>>([])

    init(quiet: Bool, language: Language = .en) {
        self.quiet = quiet
        text = CommandLineText(language: language, colour: false)
    }

    /// A clean-up names the attribute Okta refused: shown as text from outside, never obeyed.
    /// A write for a custom user type names the type (R30).
    private func words(_ progress: ApplyProgress, _ userType: UserTypeLabel?) -> Prose { .outside(text.progress(progress, userType: userType)) }

    func callAsFunction(_ progress: ApplyProgress, _ userType: UserTypeLabel? = nil) {
        switch progress {
        case .writing, .settled, .notShown, .restoring:
            if !quiet { Output.standard.line(.ours(progress.mark) + words(progress, userType)) }
        case .awaitingReadBack(let step, _, _), .sendingAgain(let step), .awaitingCleanup(let step, _, _, _):
            let first = announced.withLock { $0.insert("\(step.rawValue)/\(userType?.id ?? "")").inserted }
            if first || progress.isResend {
                Output.standard.errorLine(.ours(text.warningLead) + words(progress, userType))
            }
        }
    }
}

private extension ApplyProgress {
    /// ✓ only for a write the org has: one it does not have is still to do (○), as the wizard marks a step.
    var mark: String {
        switch self {
        case .settled(_, true): "✓ "
        case .settled(_, false), .notShown: "○ "
        default: "→ "
        }
    }
    var isResend: Bool { if case .sendingAgain = self { true } else { false } }
}
