import Foundation
import OktaClient
import OktaSimulator
import Testing
import TestSupport

/// The commands with an OAuth 2.0 service app instead of an API token: the real binary,
/// the simulator's org authorization server, DPoP on.
@Suite struct OAuthCommandTests {
    static let clientId = "0oaServiceAppE2E"
    static let allScopes = Array(Set(OAuthScopes.read + OAuthScopes.write)).sorted()

    struct Setup {
        var simulator: RunningSimulator
        var key: SigningKey
        var keyFile: String
        var directory: URL
    }

    /// A simulator with one registered service app and its private key written to a 0600 file.
    func withServiceApp<T>(seed: String = "fresh", scopes: [String] = allScopes,
                           _ body: (Setup) async throws -> T) async throws -> T {
        let key = try SigningKey.generateRSA()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let keyFile = directory.appendingPathComponent("key.pem").path
        _ = FileManager.default.createFile(atPath: keyFile, contents: Data(key.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600])
        var options = SimulatorOptions(seed: seed)
        options.serviceApps = [SimulatedServiceApp(clientId: Self.clientId, publicKeys: [key.publicKeyPEM], grantedScopes: scopes)]
        let simulator = try await OktaSimulator.start(options)
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let result = try await body(Setup(simulator: simulator, key: key, keyFile: keyFile, directory: directory))
            await simulator.shutdown()
            return result
        } catch {
            await simulator.shutdown()
            throw error
        }
    }

    func oauthEnvironment(_ setup: Setup) -> [String: String] {
        Binary.environment(["OKTA_CLIENT_ORGURL": setup.simulator.baseURL, "OKTA_CLIENT_AUTHORIZATIONMODE": "PrivateKey",
                            "OKTA_CLIENT_CLIENTID": Self.clientId, "OKTA_CLIENT_PRIVATEKEY": setup.keyFile])
    }

    /// Lines of the private key's base64 body, any of which in an output would be a leak. The
    /// short last line is left out: a few base64 characters turn up by chance in request ids.
    static func keyLines(_ key: SigningKey) -> [String] {
        key.privateKeyPEM.split(separator: "\n").filter { !$0.hasPrefix("-----") && $0.count >= 32 }.map(String.init)
    }

    func keyLines(_ setup: Setup) -> [String] { Self.keyLines(setup.key) }

    func expectNoSecrets(_ texts: [String], _ setup: Setup, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            #expect(!text.contains("sim_at."), "an access token leaked", sourceLocation: sourceLocation)
            #expect(!containsJWS(text), "a JWS (assertion or DPoP proof) leaked", sourceLocation: sourceLocation)
            #expect(keyLines(setup).allSatisfy { !text.contains($0) }, "private key material leaked", sourceLocation: sourceLocation)
        }
    }

    @Test("inspect with OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey: DPoP token, report, and --verbose shows no secret")
    func inspectThroughEnvironment() async throws {
        try await withServiceApp { setup in
            let result = try await Binary.run(["inspect", "--json", "--verbose"], environment: oauthEnvironment(setup))
            #expect(result.status == 3, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect((object["app"] as? [String: Any])?["label"] as? String == "Dialpad")
            #expect(result.stderr.contains("POST /oauth2/v1/token -> 400"), "the nonce challenge is visible in the trace")
            #expect(result.stderr.contains("POST /oauth2/v1/token -> 200"))
            #expect(result.stderr.contains("GET /api/v1/apps"))
            expectNoSecrets([result.stdout, result.stderr], setup)
            #expect(await setup.simulator.oauthCounts()["issued"] == 1)
        }
    }

    @Test("inspect with --client-id, --private-key and --key-id flags, and no API token anywhere")
    func inspectThroughFlags() async throws {
        try await withServiceApp(seed: "complete") { setup in
            let environment = Binary.environment(["OKTA_CLIENT_ORGURL": setup.simulator.baseURL])
            let result = try await Binary.run(["inspect", "--client-id", Self.clientId, "--private-key", setup.keyFile, "--key-id", "any"],
                                              environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Every step is done."))
        }
    }

    @Test("okta.yaml with authorizationMode PrivateKey and the key inline")
    func inspectThroughOktaYAML() async throws {
        try await withServiceApp(seed: "complete") { setup in
            let indented = setup.key.privateKeyPEM.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
            let yaml = """
            okta:
              client:
                orgUrl: "\(setup.simulator.baseURL)"
                authorizationMode: "PrivateKey"
                clientId: "\(Self.clientId)"
                scopes: ["okta.apps.read", "okta.userTypes.read", "okta.schemas.read", "okta.profileMappings.read"]
                privateKey: |
            \(indented)

            """
            let cwd = setup.directory.appendingPathComponent("project")
            try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: cwd.appendingPathComponent("okta.yaml").path, contents: Data(yaml.utf8),
                                           attributes: [.posixPermissions: 0o600])
            let result = try await Binary.run(["inspect"], environment: Binary.environment(), workingDirectory: cwd.path)
            #expect(result.status == 0, "\(result.stderr)")
            expectNoSecrets([result.stdout, result.stderr], setup)
        }
    }

    @Test("apply with a service app: manage scopes, writes done, and neither output nor journal holds a secret")
    func applyKeepsSecretsOutOfTheJournal() async throws {
        try await withServiceApp { setup in
            let journal = setup.directory.appendingPathComponent("journal.json").path
            let result = try await Binary.run(["apply", "--yes", "--verbose", "--state-file", journal], environment: oauthEnvironment(setup))
            #expect([0, 3].contains(result.status), "\(result.stderr)")
            #expect(result.stderr.contains("POST /api/v1/meta/schemas/user/default -> 200"))
            let written = try String(contentsOfFile: journal, encoding: .utf8)
            expectNoSecrets([result.stdout, result.stderr, written], setup)
        }
    }

    @Test("a scope the app lacks is named in the error")
    func missingScopeNamed() async throws {
        let granted = ["okta.apps.read", "okta.userTypes.read", "okta.schemas.read"]
        try await withServiceApp(scopes: granted) { setup in
            let result = try await Binary.run(["inspect", "--scopes", granted.joined(separator: ",")], environment: oauthEnvironment(setup))
            #expect(result.status == 1)
            #expect(result.stderr.contains("lacks the scope okta.profileMappings.read"), "\(result.stderr)")
            #expect(result.stderr.contains("Okta API Scopes"))
            expectNoSecrets([result.stdout, result.stderr], setup)
        }
    }

    @Test("apply asks for the manage scopes: an app granted only read scopes gets a token without them, and is told clearly")
    func readOnlyAppCannotApply() async throws {
        try await withServiceApp(scopes: OAuthScopes.read) { setup in
            let result = try await Binary.run(["apply", "--yes", "--state-file", setup.directory.appendingPathComponent("j.json").path],
                                              environment: oauthEnvironment(setup))
            #expect(result.status == 1)
            #expect(result.stderr.contains("issued a token without the scopes") && result.stderr.contains("okta.schemas.manage"), "\(result.stderr)")
        }
    }

    @Test("a private key that is not the app's is refused with a clear message and no key material")
    func unregisteredKey() async throws {
        try await withServiceApp { setup in
            let other = try SigningKey.generateRSA()
            let otherFile = setup.directory.appendingPathComponent("other.pem").path
            _ = FileManager.default.createFile(atPath: otherFile, contents: Data(other.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600])
            var environment = oauthEnvironment(setup)
            environment["OKTA_CLIENT_PRIVATEKEY"] = otherFile
            let result = try await Binary.run(["inspect", "--json"], environment: environment)
            #expect(result.status == 1)
            #expect(result.stderr.contains("refused the client assertion for service app \(Self.clientId)"), "\(result.stderr)")
            #expect(result.stderr.contains("[invalid_client]"))
            #expect(result.stderr.contains("hint:") && result.stderr.contains("Public Keys"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect((object["error"] as? [String: Any])?["code"] as? String == "oauth")
            let otherLines = Self.keyLines(other)
            #expect(otherLines.allSatisfy { !result.stderr.contains($0) && !result.stdout.contains($0) })
            expectNoSecrets([result.stdout, result.stderr], setup)
        }
    }

    @Test("a missing key file is named by its flag, with what to do")
    func missingKeyFile() async throws {
        let result = try await Binary.run(["inspect", "--org", "http://127.0.0.1:9", "--client-id", Self.clientId, "--private-key", "/nonexistent/key.pem"],
                                          environment: Binary.environment())
        #expect(result.status == 1)
        #expect(result.stderr.contains("The private key file named by --private-key does not exist."), "\(result.stderr)")
    }

    @Test("the simulator registers a service app and writes a demo key; inspect uses the lines it prints")
    func simulatorWritesDemoKey() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyFile = directory.appendingPathComponent("demo.pem").path
        let simulator = try await SimulatorProcess.start(["--seed", "complete", "--oauth-client-id", "0oaDemo", "--oauth-write-key", keyFile], lines: 5)
        defer { simulator.stop() }
        try #require(simulator.lines.count >= 5)
        var environment = simulator.environment
        #expect(environment["OKTA_CLIENT_AUTHORIZATIONMODE"] == "PrivateKey")
        #expect(environment["OKTA_CLIENT_PRIVATEKEY"] == keyFile)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        environment["OKTA_CLIENT_TOKEN"] = nil
        let inspect = try await Binary.run(["inspect"], environment: Binary.environment(environment))
        #expect(inspect.status == 0, "\(inspect.stderr)")
    }
}
