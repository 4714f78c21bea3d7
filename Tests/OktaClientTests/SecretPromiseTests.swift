import Foundation
import Testing
import TestSupport
@testable import OktaClient

/// Issue 21 §2: a secret goes to its own org and nowhere else; what an answer carries is
/// checked where it arrives, and no configured value is ever shown.
@Suite struct AnswerCheckTests {
    static let echoes = ["SSWS \(testToken)", testToken]

    @Test("a success's request id that echoes the credential is dropped where the answer arrives", arguments: echoes)
    func successRequestIdEcho(echo: String) async throws {
        try await withScriptedServer({ _ in .json("{}", headers: [("X-Okta-Request-Id", echo)]) }) { _, client in
            let response = try await client.send(.POST, url: client.url("/api/v1/meta/schemas/user/default"), body: Data("{}".utf8))
            #expect(response.oktaRequestId == nil)
        }
    }

    @Test func aSuccessRequestIdShapedLikeOktasIsKept() async throws {
        try await withScriptedServer({ _ in .json("{}", headers: [("X-Okta-Request-Id", "XbNrPYpDT5w8S1EvIYNKbwAAAaw")]) }) { _, client in
            let response = try await client.send(.POST, url: client.url("/api/v1/meta/schemas/user/default"), body: Data("{}".utf8))
            #expect(response.oktaRequestId == "XbNrPYpDT5w8S1EvIYNKbwAAAaw")
        }
    }

    @Test func aNextLinkCarryingTheTokenIsNeverFollowed() async throws {
        try await withScriptedServer({ call in
            call.index == 0 ? .json("[]", headers: [("Link", "<\(call.baseURL)/api/v1/mappings?after=\(testToken)>; rel=\"next\"")]) : .json("[]")
        }) { server, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.mappings() }
            #expect(error.code == .foreignHost)
            #expect(server.requestCount == 1)
            #expect(renderings(error).allSatisfy { !$0.contains(testToken) })
        }
    }

    @Test func everyPartOfAnErrorCauseIsRedacted() async throws {
        try await withScriptedServer({ call in
            let echoed = call.request.header("Authorization") ?? ""
            return .json(#"{"errorCode":"E0000001","errorSummary":"x","errorCauses":[{"errorSummary":"y","location":"\#(echoed)","locationType":"\#(echoed)","domain":"\#(echoed)"}]}"#,
                         status: 400)
        }) { _, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.send(.POST, url: client.url("/api/v1/meta/schemas/user/default"), body: Data("{}".utf8))
            }
            let cause = try #require(error.errorCauses.first)
            for part in [cause.location, cause.locationType, cause.domain] { #expect(part?.contains(testToken) == false) }
        }
    }
}

@Suite struct PrivateKeyValueTests {
    let key = SigningKey.ephemeralP256()

    func resolve(privateKey: String, yaml: Bool = false, mode: Int = 0o600) throws -> OktaConfiguration {
        let home = try temporaryDirectory("key-home"), cwd = try temporaryDirectory("key-cwd")
        defer {
            try? FileManager.default.removeItem(at: home)
            try? FileManager.default.removeItem(at: cwd)
        }
        var environment = ["OKTA_CLIENT_ORGURL": "https://acme.okta.com", "OKTA_CLIENT_AUTHORIZATIONMODE": "PrivateKey", "OKTA_CLIENT_CLIENTID": "0oaKey"]
        if yaml {
            environment = [:]
            try FileManager.default.createDirectory(at: home.appendingPathComponent(".okta"), withIntermediateDirectories: true)
            let quoted = privateKey.replacingOccurrences(of: "\n", with: "\\n")
            let file = home.appendingPathComponent(".okta/okta.yaml").path
            try """
            okta:
              client:
                orgUrl: https://acme.okta.com
                authorizationMode: PrivateKey
                clientId: 0oaKey
                privateKey: "\(quoted)"
            """.write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        } else {
            environment["OKTA_CLIENT_PRIVATEKEY"] = privateKey
        }
        return try OktaConfiguration.resolve(.init(environment: environment, homeDirectory: home.path, workingDirectory: cwd.path))
    }

    @Test("a key with a byte-order mark, or a PKCS#12 export's Bag Attributes before it, is the key, never a path", arguments: [
        "\u{FEFF}", "Bag Attributes\n    localKeyID: 01 00 00 00\n    friendlyName: okta\nKey Attributes: <No Attributes>\n",
    ])
    func keyWithAHeader(lead: String) throws {
        let configuration = try resolve(privateKey: lead + key.privateKeyPEM)
        #expect(configuration.oauth?.key.publicJWK == key.publicJWK)
        #expect(configuration.oauth?.keySource == "OKTA_CLIENT_PRIVATEKEY")
    }

    @Test("bare base64 key material is named by its source in the error, never printed", arguments: [false, true])
    func bareBase64(inYAML: Bool) throws {
        // The base64 body of a PEM block without its armour: once on one line, once too long for a path.
        let body = key.privateKeyPEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        for value in [body, String(repeating: body, count: 30)] {
            let error = try #require(throws: OktaError.self) { _ = try resolve(privateKey: value, yaml: inYAML) }
            let shown = renderings(error).joined(separator: "\n")
            #expect(!shown.contains(String(body.prefix(24))), "\(shown)")
        }
    }

    @Test func aKeyNotFoundAtItsPathIsATypedProblemNamingItsSource() throws {
        let error = try #require(throws: OktaError.self) { _ = try resolve(privateKey: "/nonexistent/okta-key.pem") }
        #expect(error.credentialProblem == .privateKeyFileMissing(source: "OKTA_CLIENT_PRIVATEKEY"))
        #expect(renderings(error).allSatisfy { !$0.contains("/nonexistent/okta-key.pem") })
    }

    @Test func aKeyFileOthersMayReadWarnsAsAReadableTokenDoes() throws {
        let dir = try temporaryDirectory("readable-key")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("key.pem").path
        try key.privateKeyPEM.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(try resolve(privateKey: path).exposures == [.readableKeyFile(source: "OKTA_CLIENT_PRIVATEKEY", mode: 0o644)])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try resolve(privateKey: path).exposures.isEmpty)
    }

    @Test func anOktaYAMLHoldingAKeyThatOthersMayReadWarns() throws {
        #expect(try resolve(privateKey: key.privateKeyPEM, yaml: true, mode: 0o644).exposures
                == [.readableConfigurationFile(label: "~/.okta/okta.yaml", key: true, mode: 0o644)])
        #expect(try resolve(privateKey: key.privateKeyPEM, yaml: true, mode: 0o600).exposures.isEmpty)
    }
}

@Suite struct OrgsFileSafetyTests {
    static let token = "00OrgsFileToken_abcdefghijklmnopqrstuvwxyz"

    func load(_ yaml: String, mode: Int = 0o600, owner: UInt32? = nil, environment: [String: String] = ["ACME_OKTA_TOKEN": token]) throws -> [OrgsFile.Entry] {
        let dir = try temporaryDirectory("orgs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("orgs.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        if let owner { #expect(chown(path, owner, gid_t(getgid())) == 0, "the tests run as root to hand the file to another user") }
        return try OrgsFile.load(path: path, environment: environment, homeDirectory: dir.path)
    }

    static let one = """
    orgs:
      - orgUrl: https://acme.okta.com
        token: ${ACME_OKTA_TOKEN}
    """

    @Test("a file others may change is refused", arguments: [0o666, 0o620, 0o602])
    func writableByOthers(mode: Int) throws {
        let error = try #require(throws: OktaError.self) { _ = try load(Self.one, mode: mode) }
        guard case .orgsFileWritableByOthers(_, let seen) = error.credentialProblem else {
            Issue.record("\(String(describing: error.credentialProblem))"); return
        }
        #expect(seen == mode)
    }

    @Test func aFileOfAnotherUserIsRefused() throws {
        let error = try #require(throws: OktaError.self) { _ = try load(Self.one, owner: 4321) }
        guard case .orgsFileOwnedByAnotherUser(_, let owner) = error.credentialProblem else {
            Issue.record("\(String(describing: error.credentialProblem))"); return
        }
        #expect(owner == 4321)
    }

    @Test func anOwnFileOthersCannotChangeIsRead() throws {
        let entries = try load(Self.one, mode: 0o644)
        #expect(entries.count == 1)
        #expect(entries.first?.credential == .variable("ACME_OKTA_TOKEN"))
        #expect((try entries.first?.configuration.get())?.token.reveal() == Self.token)
    }

    @Test func oneVariableForTwoOrgsIsRefused() throws {
        let error = try #require(throws: OktaError.self) {
            _ = try load("""
            orgs:
              - orgUrl: https://acme.okta.com
                token: ${ACME_OKTA_TOKEN}
              - orgUrl: https://evil.okta.com
                token: ${ACME_OKTA_TOKEN}
            """)
        }
        #expect(error.credentialProblem == .orgsVariableShared(variable: "ACME_OKTA_TOKEN", orgs: ["https://acme.okta.com", "https://evil.okta.com"]))
    }

    @Test("a token reference that is not a variable name is refused and never echoed", arguments: [
        "${00GYpastedTokenValue_abcdefghijklmnopqrstu}", "${acme_token}", "${ACME-TOKEN}", "00GYpastedTokenValue_abcdefghijklmnopqrstu",
    ])
    func notAVariable(reference: String) throws {
        let entries = try load("""
        orgs:
          - orgUrl: https://acme.okta.com
            token: \(reference)
        """, environment: ["00GYpastedTokenValue_abcdefghijklmnopqrstu": Self.token, "acme_token": Self.token, "ACME-TOKEN": Self.token])
        let error = try #require(throws: OktaError.self) { _ = try entries.first?.configuration.get() }
        #expect(error.credentialProblem == .orgsTokenNotAVariable(org: "https://acme.okta.com"))
        let inner = reference.trimmingCharacters(in: CharacterSet(charactersIn: "${}"))
        #expect(renderings(error).allSatisfy { !$0.contains(inner) })
    }

    @Test func anOrgOffOktasDomainsNeedsTheEntryToSaySo() throws {
        let entries = try load("""
        orgs:
          - orgUrl: https://login.acme.example
            token: ${ACME_OKTA_TOKEN}
          - orgUrl: https://sso.acme.example
            customDomain: true
            token: ${SSO_OKTA_TOKEN}
          - orgUrl: https://acme.okta-emea.com
            token: ${EMEA_OKTA_TOKEN}
        """, environment: ["ACME_OKTA_TOKEN": Self.token, "SSO_OKTA_TOKEN": Self.token + "1", "EMEA_OKTA_TOKEN": Self.token + "2"])
        let refused = try #require(throws: OktaError.self) { _ = try entries[0].configuration.get() }
        #expect(refused.credentialProblem == .orgsCustomDomain(org: "https://login.acme.example", host: "login.acme.example"))
        #expect((try entries[1].configuration.get()).orgURL.host == "sso.acme.example")
        #expect((try entries[2].configuration.get()).orgURL.host == "acme.okta-emea.com")
    }

    @Test func aKeyWrittenInTheFileIsRefusedAndNeverShown() throws {
        let key = SigningKey.ephemeralP256()
        let body = key.privateKeyPEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let entries = try load("""
        orgs:
          - orgUrl: https://acme.okta.com
            authorizationMode: PrivateKey
            clientId: 0oaKey
            privateKey: "\(String(repeating: body, count: 30))"
        """)
        let error = try #require(throws: OktaError.self) { _ = try entries.first?.configuration.get() }
        #expect(error.credentialProblem == .orgsKeyInFile(org: "https://acme.okta.com"))
        #expect(!String(describing: error).contains(String(body.prefix(24))))
    }
}
