import ArgumentParser
import Foundation
import OktaClient
import OktaSimulator
import SetupEngine

struct Simulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an Okta org simulator on loopback (for tests, scripts and training).",
        discussion: """
        Prints OKTA_CLIENT_ORGURL=… and OKTA_CLIENT_TOKEN=… as its first two lines, then serves until SIGINT or SIGTERM. \
        With --oauth-client-id it also registers an OAuth 2.0 service app (Require DPoP on) and prints \
        OKTA_CLIENT_AUTHORIZATIONMODE, OKTA_CLIENT_CLIENTID and, with --oauth-write-key, OKTA_CLIENT_PRIVATEKEY.
        """)

    @Option(help: "The org to simulate: \(OktaSimulator.availableSeeds().joined(separator: ", ")), or a seed file.")
    var seed = "fresh"

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port = 0

    @Option(name: .customLong("latency-ms"), help: "Delay added to every answer, to feel a distant org.")
    var latencyMs = 0

    @Option(name: .customLong("oauth-client-id"), help: "Register an OAuth 2.0 service app with this client id.")
    var oauthClientId: String?

    @Option(name: .customLong("oauth-public-key"), help: ArgumentHelp("The service app's public key (PEM or JWK); repeatable.", valueName: "file"))
    var oauthPublicKeys: [String] = []

    @Option(name: .customLong("oauth-write-key"), help: ArgumentHelp("Generate a throwaway RSA key pair for demos: write the private key here (mode 600) and register its public key.", valueName: "file"))
    var oauthWriteKey: String?

    @Option(name: .customLong("oauth-scopes"), help: "Okta API scopes granted to the service app (default: the read and manage scopes dialpad-okta uses).")
    var oauthScopes: String?

    func validate() throws {
        if oauthClientId == nil && (!oauthPublicKeys.isEmpty || oauthWriteKey != nil || oauthScopes != nil) {
            throw ValidationError("--oauth-public-key, --oauth-write-key and --oauth-scopes need --oauth-client-id.")
        }
        if oauthClientId != nil && oauthPublicKeys.isEmpty && oauthWriteKey == nil {
            throw ValidationError("--oauth-client-id needs --oauth-public-key FILE or --oauth-write-key FILE.")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard (0...60_000).contains(latencyMs) else { throw ValidationError("--latency-ms must be between 0 and 60000.") }
    }

    func run() async throws {
        let simulator: RunningSimulator
        var options = SimulatorOptions(seed: seed, port: port, latencyMs: latencyMs)
        do {
            if let oauthClientId { options.serviceApps = [try serviceApp(clientId: oauthClientId)] }
            simulator = try await OktaSimulator.start(options)
        } catch { throw ErrorPresenter.fail(error) }
        var lines = "OKTA_CLIENT_ORGURL=\(simulator.baseURL)\nOKTA_CLIENT_TOKEN=\(simulator.token)\n"
        if let oauthClientId {
            lines += "OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey\nOKTA_CLIENT_CLIENTID=\(oauthClientId)\n"
            if let oauthWriteKey { lines += "OKTA_CLIENT_PRIVATEKEY=\(URL(fileURLWithPath: oauthWriteKey).path)\n" }
        }
        // Unbuffered, so a script reading the pipe sees the lines at once.
        FileHandle.standardOutput.write(Data(lines.utf8))
        await Signals.waitForTermination()
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
            guard FileManager.default.createFile(atPath: url.path, contents: Data(key.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw SimulatorError(code: "bad-key", message: "Cannot write the demo private key to \(url.path).")
            }
            keys.append(key.publicKeyPEM)
        }
        let scopes = oauthScopes.map(OAuthScopes.parse) ?? Array(Set(OAuthScopes.read + OAuthScopes.write)).sorted()
        return SimulatedServiceApp(clientId: clientId, publicKeys: keys, grantedScopes: scopes, requireDPoP: true)
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the simulator with a sample org and inspect it, to see the product without an Okta org.")

    @Option(help: "The sample org: \(OktaSimulator.availableSeeds().joined(separator: ", ")).")
    var seed = "fresh"

    func run() async throws {
        let simulator: RunningSimulator
        do { simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed, latencyMs: 20)) } catch { throw ErrorPresenter.fail(error) }
        print("Simulated Okta org \"\(seed)\" on \(simulator.baseURL) (loopback only; nothing leaves this machine).\n")
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        let client = OktaClient(configuration: configuration, readOnly: true)
        do {
            let language = Language.resolve(flag: nil)
            let observation = try await Observer(client: client).observe()
            let report = InspectionReport(observation: observation, steps: Planner.plan(observation), requests: client.log.requestCount,
                                          waves: client.log.waves, language: language)
            let renderer = ReportRenderer(colour: Terminal.wantsColour)
            print(renderer.render(report), terminator: "")
            let writes = WritePlanner.writes(for: observation)
            if !writes.isEmpty {
                print("\n" + renderer.bold("What `apply` would do here:"))
                for write in writes { print("  [\(write.step.rawValue)] \(write.summary)") }
            }
            print("""

            Walk the whole procedure on a simulated org (the binary is .build/debug/dialpad-okta):
              1. in one terminal:   dialpad-okta simulator --seed \(seed)
              2. in another, export the two OKTA_CLIENT_* lines it prints, then:
                 dialpad-okta plan
                 dialpad-okta apply --yes
                 dialpad-okta rollback --all --yes --delete-attribute-data
            """)
        } catch {
            FileHandle.standardError.write(Data((ErrorPresenter.render(error) + "\n").utf8))
        }
        await client.shutdown()
        await simulator.shutdown()
    }
}

enum Signals {
    /// Returns on the first SIGINT or SIGTERM.
    static func waitForTermination() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let stream = AsyncStream<Void> { continuation in
            nonisolated(unsafe) let sources = [SIGINT, SIGTERM].map { number in
                let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
                source.setEventHandler { continuation.yield() }
                source.resume()
                return source
            }
            continuation.onTermination = { _ in sources.forEach { $0.cancel() } }
        }
        for await _ in stream { return }
    }
}
