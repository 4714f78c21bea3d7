import Foundation
import Testing
@testable import OktaClient

@Suite("Configuration resolution: OAuth 2.0 service app")
struct OAuthConfigurationTests {
    let key = SigningKey.ephemeralP256()

    func resolve(flags: OktaConfiguration.OAuthFlags = .init(), environment: [String: String] = [:], homeYAML: String? = nil,
                 files: [String: String] = [:]) throws -> OktaConfiguration {
        let home = try temporaryDirectory("oauth-home"), cwd = try temporaryDirectory("oauth-cwd")
        defer {
            try? FileManager.default.removeItem(at: home)
            try? FileManager.default.removeItem(at: cwd)
        }
        if let homeYAML {
            try FileManager.default.createDirectory(at: home.appendingPathComponent(".okta"), withIntermediateDirectories: true)
            try homeYAML.write(to: home.appendingPathComponent(".okta/okta.yaml"), atomically: true, encoding: .utf8)
        }
        for (name, text) in files { try text.write(to: cwd.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        var environment = environment
        environment["OKTA_CLIENT_ORGURL"] = environment["OKTA_CLIENT_ORGURL"] ?? "https://acme.okta.com"
        return try OktaConfiguration.resolve(.init(oauth: flags, environment: environment, homeDirectory: home.path, workingDirectory: cwd.path))
    }

    @Test("environment: OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey with the key inline, kid and comma-separated scopes")
    func environment() throws {
        let configuration = try resolve(environment: [
            "OKTA_CLIENT_AUTHORIZATIONMODE": "PrivateKey", "OKTA_CLIENT_CLIENTID": "0oaEnv", "OKTA_CLIENT_PRIVATEKEY": key.privateKeyPEM,
            "OKTA_CLIENT_KID": "kid-env", "OKTA_CLIENT_SCOPES": "okta.apps.read,okta.schemas.read",
        ])
        let oauth = try #require(configuration.oauth)
        #expect(oauth.clientId == "0oaEnv" && oauth.clientIdSource == "OKTA_CLIENT_CLIENTID")
        #expect(oauth.keyId == "kid-env")
        #expect(oauth.scopes == ["okta.apps.read", "okta.schemas.read"])
        #expect(oauth.key.publicJWK == key.publicJWK)
        #expect(oauth.useDPoP)
    }

    @Test("flags win over the environment, and --private-key is always a file")
    func flagsWin() throws {
        let configuration = try resolve(flags: .init(clientId: "0oaFlag", privateKeyFile: "flag.pem", keyId: "kid-flag", scopes: "okta.apps.read okta.userTypes.read", noDPoP: true),
                                        environment: ["OKTA_CLIENT_CLIENTID": "0oaEnv", "OKTA_CLIENT_PRIVATEKEY": "/nope.pem", "OKTA_CLIENT_TOKEN": "00tokenABCDEFGHIJKLMNOPQRST"],
                                        files: ["flag.pem": key.privateKeyPEM])
        let oauth = try #require(configuration.oauth, "the flags choose OAuth even with a token in the environment")
        #expect(oauth.clientId == "0oaFlag" && oauth.keyId == "kid-flag" && !oauth.useDPoP)
        #expect(oauth.scopes == ["okta.apps.read", "okta.userTypes.read"])
        #expect(oauth.keySource == "--private-key", "the source is named, never the value it gave")
    }

    @Test("~/.okta/okta.yaml: PrivateKey mode, key path, kid, scope list, dpopEnabled")
    func yaml() throws {
        let dir = try temporaryDirectory("oauth-key")
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyPath = dir.appendingPathComponent("key.pem").path
        try key.privateKeyPEM.write(toFile: keyPath, atomically: true, encoding: .utf8)
        let configuration = try resolve(homeYAML: """
        okta:
          client:
            orgUrl: https://acme.okta.com
            authorizationMode: PrivateKey
            clientId: 0oaYaml
            privateKey: \(keyPath)
            privateKeyId: kid-go-name
            scopes:
              - okta.apps.read
              - okta.schemas.manage
            dpopEnabled: false
        """)
        let oauth = try #require(configuration.oauth)
        #expect(oauth.clientId == "0oaYaml" && oauth.keyId == "kid-go-name" && !oauth.useDPoP)
        #expect(oauth.scopes == ["okta.apps.read", "okta.schemas.manage"])
        #expect(configuration.orgSource == "OKTA_CLIENT_ORGURL")
    }

    @Test("without PrivateKey mode the API token path is unchanged")
    func apiTokenUnchanged() throws {
        let configuration = try resolve(environment: ["OKTA_CLIENT_TOKEN": "00tokenABCDEFGHIJKLMNOPQRST", "OKTA_CLIENT_CLIENTID": "0oaIgnored"])
        #expect(configuration.oauth == nil)
        #expect(configuration.token.reveal() == "00tokenABCDEFGHIJKLMNOPQRST")
    }

    @Test("what is missing or wrong is said precisely, and never quotes the key", arguments: [
        (["OKTA_CLIENT_AUTHORIZATIONMODE": "PrivateKey", "OKTA_CLIENT_PRIVATEKEY": "KEY"], OktaError.Problem.clientIdMissing(chosenBy: "OKTA_CLIENT_AUTHORIZATIONMODE")),
        (["OKTA_CLIENT_AUTHORIZATIONMODE": "PrivateKey", "OKTA_CLIENT_CLIENTID": "0oa1"], .privateKeyMissing(chosenBy: "OKTA_CLIENT_AUTHORIZATIONMODE")),
        (["OKTA_CLIENT_AUTHORIZATIONMODE": "JWT", "OKTA_CLIENT_CLIENTID": "0oa1"], .authorizationModeUnsupported(mode: "JWT", source: "OKTA_CLIENT_AUTHORIZATIONMODE")),
        (["OKTA_CLIENT_AUTHORIZATIONMODE": "PrivateKey", "OKTA_CLIENT_CLIENTID": "0oa1", "OKTA_CLIENT_PRIVATEKEY": "missing.pem"], .credential(.privateKeyFileMissing(source: "OKTA_CLIENT_PRIVATEKEY"))),
        (["OKTA_CLIENT_AUTHORIZATIONMODE": "PrivateKey", "OKTA_CLIENT_CLIENTID": "0oa1", "OKTA_CLIENT_PRIVATEKEY": "-----BEGIN PRIVATE KEY-----\nTOPSECRETMATERIALxyz\n-----END PRIVATE KEY-----"], .privateKeyRefused(source: "OKTA_CLIENT_PRIVATEKEY", fault: .unsupportedPEM)),
    ])
    func errors(environment: [String: String], expected: OktaError.Problem) throws {
        var environment = environment
        if environment["OKTA_CLIENT_PRIVATEKEY"] == "KEY" { environment["OKTA_CLIENT_PRIVATEKEY"] = key.privateKeyPEM }
        let error = try #require(throws: OktaError.self) { try resolve(environment: environment) }
        #expect(error.code == .configuration)
        #expect(error.problem == expected)
        for text in renderings(error) { #expect(!text.contains("TOPSECRETMATERIAL") && !text.contains("BEGIN")) }
    }
}
