import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import OktaSimulator
import SetupEngine
import Wizard

struct Simulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Run an Okta org simulator on loopback (for tests, scripts and training).",
        discussion: """
        Prints OKTA_CLIENT_ORGURL=… and OKTA_CLIENT_TOKEN=… as its first two lines (with --tls, SSL_CERT_FILE=… as the third), \
        then serves until SIGINT or SIGTERM. \
        With --oauth-client-id it also registers an OAuth 2.0 service app (Require DPoP on) and prints \
        OKTA_CLIENT_AUTHORIZATIONMODE, OKTA_CLIENT_CLIENTID and, with --oauth-write-key, OKTA_CLIENT_PRIVATEKEY.
        """)

    @Option(help: "The org to simulate: \(OktaSimulator.availableSeeds().joined(separator: ", ")), or a seed file.")
    var seed = "fresh"

    @Option(name: .customLong("replay"), help: ArgumentHelp("Serve the org a support bundle recorded (--record), in place of a seed.", valueName: "file"))
    var replay: String?

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port = 0

    @Option(name: .customLong("latency-ms"), help: "Delay added to every answer, to feel a distant org.")
    var latencyMs = 0

    @Option(name: .customLong("fault"),
            help: "Inject a fault into RATE (0..1) of the Okta API requests: KIND=RATE, KIND one of \(FaultKind.allCases.map(\.rawValue).joined(separator: ", ")). Repeatable.")
    var faults: [String] = []

    @Option(name: .customLong("fault-seed"), help: "Seed of the fault sequence: the same seed and requests give the same faults.")
    var faultSeed: UInt64 = 1

    @Option(name: .customLong("slow-ms"), help: "How late a `slow` fault answers.")
    var slowMs = 2_000

    @Flag(name: .customLong("tls"), help: "Serve HTTPS with a certificate from a test CA made now; its PEM path is printed as SSL_CERT_FILE=….")
    var tls = false

    @Option(name: .customLong("ca-dir"), help: "With --tls: the directory to write the test CA's PEM in (default: a new temporary directory).")
    var caDirectory: String?

    @Option(name: .customLong("oauth-client-id"), help: "Register an OAuth 2.0 service app with this client id.")
    var oauthClientId: String?

    @Option(name: .customLong("oauth-public-key"), help: ArgumentHelp("The service app's public key (PEM or JWK); repeatable.", valueName: "file"))
    var oauthPublicKeys: [String] = []

    @Option(name: .customLong("oauth-write-key"), help: ArgumentHelp("Generate a throwaway RSA key pair for demos: write the private key here (mode 600) and register its public key.", valueName: "file"))
    var oauthWriteKey: String?

    @Option(name: .customLong("oauth-scopes"), help: "Okta API scopes granted to the service app (default: the read and manage scopes dialpad-okta uses).")
    var oauthScopes: String?

    @Option(name: .customLong("rate-limit"),
            help: "BUCKET=N: allow N requests a minute in one of Okta's buckets (\(OktaSimulator.defaultRateLimits.keys.sorted().joined(separator: ", "))) instead of Okta's default; repeatable.")
    var rateLimits: [String] = []

    @Option(name: .customLong("consistency-delay-ms"),
            help: "A schema write shows in reads only this much later, and a write meanwhile loses the earlier one, as Okta does (default 0).")
    var consistencyDelayMs = 0

    @Option(name: .customLong("import-every"),
            help: "Import from every app with import on every this many seconds, as an import schedule an admin set does (default 0: no schedule, as Okta's default; only Import Now, POST /simulator/v1/console/apps/ID/import).")
    var importEverySeconds: Double = 0

    @Option(name: .customLong("console-job-ms"),
            help: "Run \"Apply updates now\" this many milliseconds after its console endpoint answered, as Okta's background job does (default 1000; 0 runs it before answering).")
    var consoleJobDelayMs = 1000

    @Flag(name: .customLong("no-mappings-api"),
          help: "Play an org whose edition has no profile mapping API: /api/v1/mappings answers 401 E0000015, as Okta does.")
    var noMappingsAPI = false

    @Flag(name: .customLong("mapping-next-links-drop-filter"),
          help: "Next links of a filtered /api/v1/mappings listing drop sourceId and targetId, as its self links do (whether Okta's do is not recorded).")
    var mappingNextLinksDropFilter = false

    @Option(name: .customLong("dialpad-users"),
            help: ArgumentHelp("Assign N users to the seed's Dialpad app, adding users where the seed has fewer (up to 1,000,000): an org of that size, built at start.", valueName: "N"))
    var dialpadUsers: Int?

    @Option(name: .customLong("admin-role"),
            help: "An admin role of the printed token's admin, as Okta names them (SUPER_ADMIN, ORG_ADMIN, APP_ADMIN, READ_ONLY_ADMIN, ...); repeatable; default SUPER_ADMIN. Writes the roles may not make answer 403 E0000006.")
    var adminRoles: [String] = []

    func validate() throws {
        for role in adminRoles where !AdminRoleRules.knownRoles.contains(role) {
            throw ValidationError("--admin-role takes one of \(AdminRoleRules.knownRoles.sorted().joined(separator: ", ")); got \"\(role)\".")
        }
        if oauthClientId == nil && (!oauthPublicKeys.isEmpty || oauthWriteKey != nil || oauthScopes != nil) {
            throw ValidationError("--oauth-public-key, --oauth-write-key and --oauth-scopes need --oauth-client-id.")
        }
        if oauthClientId != nil && oauthPublicKeys.isEmpty && oauthWriteKey == nil {
            throw ValidationError("--oauth-client-id needs --oauth-public-key FILE or --oauth-write-key FILE.")
        }
        if let dialpadUsers, !(1...1_000_000).contains(dialpadUsers) { throw ValidationError("--dialpad-users must be between 1 and 1000000.") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard (0...60_000).contains(latencyMs) else { throw ValidationError("--latency-ms must be between 0 and 60000.") }
        guard (0...120_000).contains(slowMs) else { throw ValidationError("--slow-ms must be between 0 and 120000.") }
        guard (0...60_000).contains(consistencyDelayMs) else { throw ValidationError("--consistency-delay-ms must be between 0 and 60000.") }
        guard importEverySeconds == 0 || (1...86_400).contains(importEverySeconds) else { throw ValidationError("--import-every must be 0 or between 1 and 86400 seconds.") }
        guard (0...60_000).contains(consoleJobDelayMs) else { throw ValidationError("--console-job-ms must be between 0 and 60000.") }
        for fault in faults {
            do { _ = try FaultKind.parse(fault) } catch let error as SimulatorError { throw ValidationError(error.message) }
        }
        _ = try parsedRateLimits()
    }

    func parsedRateLimits() throws -> [String: Int] {
        var limits: [String: Int] = [:]
        for item in rateLimits {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, OktaSimulator.defaultRateLimits[parts[0]] != nil, let limit = Int(parts[1]), limit > 0 else {
                throw ValidationError("--rate-limit takes BUCKET=N with N > 0 and BUCKET one of \(OktaSimulator.defaultRateLimits.keys.sorted().joined(separator: ", ")); got \"\(item)\".")
            }
            limits[parts[0]] = limit
        }
        return limits
    }

    func run() async throws {
        try refuseUnknownSeed(seed)
        let simulator: RunningSimulator
        var options = SimulatorOptions(seed: seed, port: port, latencyMs: latencyMs)
        do {
            for fault in faults {
                let (kind, rate) = try FaultKind.parse(fault)
                options.faults[kind] = rate
            }
            options.faultSeed = faultSeed
            options.slowFaultMs = slowMs
            options.tls = tls
            options.caDirectory = caDirectory
            if let oauthClientId { options.serviceApps = [try serviceApp(clientId: oauthClientId)] }
            options.rateLimits = try parsedRateLimits()
            if !adminRoles.isEmpty { options.adminRoles = adminRoles }
            options.consistencyDelayMs = consistencyDelayMs
            options.importEverySeconds = importEverySeconds
            options.consoleJobDelayMs = consoleJobDelayMs
            options.mappingsAPIUnavailable = noMappingsAPI
            options.mappingNextLinksDropFilter = mappingNextLinksDropFilter
            options.replay = replay
            options.dialpadUsers = dialpadUsers
            simulator = try await OktaSimulator.start(options)
        } catch { throw ErrorPresenter.fail(error) }
        var lines = "OKTA_CLIENT_ORGURL=\(simulator.baseURL)\nOKTA_CLIENT_TOKEN=\(simulator.token)\n"
        if let caFile = simulator.caFile { lines += "SSL_CERT_FILE=\(caFile)\n" }
        if let oauthClientId {
            lines += "OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey\nOKTA_CLIENT_CLIENTID=\(oauthClientId)\n"
            if let oauthWriteKey { lines += "OKTA_CLIENT_PRIVATEKEY=\(URL(fileURLWithPath: oauthWriteKey).path)\n" }
        }
        if let replay {
            for gap in (try? OktaSimulator.notInBundle(replay)) ?? [] {
                Output.standard.errorLine(.outside("not in the bundle: \(gap) (answered by the simulator's rules)"))
            }
        }
        // Caught before the lines go out: a reader may stop the simulator as soon as it has them.
        let termination = Signals.termination()
        // Unbuffered, so a script reading the pipe sees the lines at once.
        Output.standard.data(lines)
        for await _ in termination { break }
        await simulator.shutdown()
    }
}

extension Simulator {
    func serviceApp(clientId: String) throws -> SimulatedServiceApp {
        var keys: [String] = []
        for path in oauthPublicKeys {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SimulatorError(code: "bad-key", message: "Cannot read the public key file \(path).")
            }
            keys.append(String(decoding: data, as: UTF8.self))
        }
        if let oauthWriteKey {
            let key = try SigningKey.generateRSA()
            let url = URL(fileURLWithPath: oauthWriteKey)
            guard SecretFile.write(Data(key.privateKeyPEM.utf8), to: url.path) else {
                throw SimulatorError(code: "bad-key", message: "Cannot write the demo private key to \(url.path).")
            }
            keys.append(key.publicKeyPEM)
        }
        let scopes = oauthScopes.map(OAuthScopes.parse) ?? Array(Set(OAuthScopes.read + OAuthScopes.write + OAuthScopes.checkUser)).sorted()
        return SimulatedServiceApp(clientId: clientId, publicKeys: keys, grantedScopes: scopes, requireDPoP: true)
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the simulator with a sample org and inspect it, to see the product without an Okta org.")

    @Option(help: "The sample org: \(OktaSimulator.availableSeeds().joined(separator: ", ")).")
    var seed = "fresh"

    @Option(name: .customLong("lang"), help: "Language of the wizard: en or ja (default: from the locale).")
    var lang: Language?

    @Flag(name: .customLong("report"), help: "Print the inspection report instead of opening the wizard (the default without a terminal).")
    var report = false

    @Option(name: .customLong("app-id"), help: "The Dialpad app's id (0oa…), for a sample org with several apps labelled Dialpad (--seed ambiguous).")
    var appId: String?

    @OptionGroup var display: DisplayOptions

    func run() async throws {
        try refuseUnknownSeed(seed)
        let simulator: RunningSimulator
        var simulatorOptions = SimulatorOptions(seed: seed, latencyMs: 20)
        simulatorOptions.consoleJobDelayMs = 1000 // "Apply updates now" finishes a moment later, as on Okta
        do { simulator = try await OktaSimulator.start(simulatorOptions) } catch { throw ErrorPresenter.fail(error) }
        if !report && (display.plain || (isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1)) {
            try await runWizard(on: simulator)
            return
        }
        let language = Language.resolve(flag: lang?.rawValue)
        let text = CommandLineText(language: language, colour: Terminal.wantsColour)
        Output.standard.text(text.demoHeader(seed: seed, url: simulator.baseURL))
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        let client = OktaClient(configuration: configuration, readOnly: true)
        var failed = false
        do {
            let observation = try await Observer(client: client).observe(appId: appId)
            let report = InspectionReport(observation: observation, steps: Planner.plan(observation), requests: client.log.requestCount,
                                          waves: client.log.waves, language: language)
            Output.standard.text(text.inspection(report, observation: observation) + text.demoWrites(WritePlanner.writes(for: observation))
                                 + text.demoWalkthrough(seed: seed, binary: CommandLine.arguments.first ?? "dialpad-okta"))
        } catch {
            // In the demo's language, as inspect says it: its hint (--app-id) is one demo takes too.
            Output.standard.errorLine(ErrorPresenter.render(error, language: language))
            failed = true
        }
        await client.shutdown()
        await simulator.shutdown()
        if failed { throw ExitCode(Exit.error) }
    }
}

extension Demo {
    /// The wizard on the simulated org, with a journal of its own that goes when the demo ends,
    /// and the demo-only key that performs the Admin Console steps on the simulated org.
    func runWizard(on simulator: RunningSimulator) async throws {
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        let options = try OrgOptions.parse((lang.map { ["--lang", $0.rawValue] } ?? []) + (appId.map { ["--app-id", $0] } ?? []))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dialpad-okta-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = try StateOptions.parse(["--state-file", directory.appendingPathComponent("journal.json").path])
        // The journal goes with the demo; a report saved with w stays where the demo was run.
        let launcher = WizardLauncher(options: options, state: state, mode: .setup, display: display, demo: (configuration, SimulatedConsole.perform),
                                      reportDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        do { try await launcher.run() } catch let exit as ExitCode where exit.rawValue == Exit.notDone {}
        await simulator.shutdown()
    }

}

/// A seed that is neither shipped nor a file is a usage error of ours (exit 2, in the admin's
/// language), refused before a simulator starts.
func refuseUnknownSeed(_ seed: String) throws {
    guard OktaSimulator.isSeedFile(seed) || OktaSimulator.availableSeeds().contains(seed) else {
        throw CommandLineRefusal(.unknownSeed(seed: seed, available: OktaSimulator.availableSeeds()))
    }
}

/// Where the signal handler writes, set before the handler is installed.
nonisolated(unsafe) private var terminationPipe: Int32 = -1

enum Signals {
    /// Yields on each SIGINT or SIGTERM from now on, even one sent before the first wait.
    /// A handler writing to a pipe, not a dispatch source: libdispatch on Linux needs the
    /// signal blocked in every thread, and NIO's threads, started before, do not block it, so
    /// a SIGTERM the kernel gave one of them was lost and the simulator never stopped.
    static func termination() -> AsyncStream<Void> {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return AsyncStream { $0.finish() } }
        terminationPipe = descriptors[1]
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                var byte: UInt8 = 1
                _ = write(terminationPipe, &byte, 1)
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
        let reader = descriptors[0]
        return AsyncStream<Void> { continuation in
            let thread = Thread {
                var byte: UInt8 = 0
                while true {
                    let count = read(reader, &byte, 1)
                    if count == 1 { continuation.yield() } else if count < 0 && errno == EINTR { continue } else { break }
                }
                continuation.finish()
            }
            thread.start()
        }
    }
}
