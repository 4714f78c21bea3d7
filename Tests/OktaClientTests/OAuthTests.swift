import Foundation
import OktaSimulator
import Testing
import TestSupport
import _CryptoExtras
@testable import OktaClient

/// Keys and service apps for the OAuth tests.
enum ServiceAppFixture {
    static let clientId = "0oaServiceApp7Dialpad"
    static let allScopes = Array(Set(OAuthScopes.read + OAuthScopes.write)).sorted()

    static func jwkText(_ fields: [String: String]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
    }

    static func publicJWK(_ key: SigningKey, kid: String? = nil) -> String {
        var fields = key.publicJWK
        if let kid { fields["kid"] = kid }
        return jwkText(fields)
    }

    /// The private key as a JWK: RSA members from the PKCS#1 DER (RFC 8017 A.1.2), EC's `d` as is.
    static func privateJWK(_ key: SigningKey, kid: String? = nil) -> String {
        var fields = key.publicJWK
        switch key.material {
        case .rsa(let rsa):
            let integers = DER.integers(in: rsa.derRepresentation)
            for (index, name) in ["n", "e", "d", "p", "q", "dp", "dq", "qi"].enumerated() {
                fields[name] = Base64URL.encode(integers[index + 1])
            }
        case .p256(let ec):
            fields["d"] = Base64URL.encode(ec.rawRepresentation)
        }
        if let kid { fields["kid"] = kid }
        return jwkText(fields)
    }

    static func options(seed: String = "fresh", key: SigningKey, kid: String? = nil, scopes: [String] = allScopes,
                        requireDPoP: Bool = true) -> SimulatorOptions {
        var options = SimulatorOptions(seed: seed)
        options.serviceApps = [SimulatedServiceApp(clientId: clientId, publicKeys: [publicJWK(key, kid: kid)],
                                                   grantedScopes: scopes, requireDPoP: requireDPoP)]
        return options
    }

    static func client(_ simulator: RunningSimulator, key: SigningKey, kid: String? = nil, scopes: [String]? = nil,
                       useDPoP: Bool = true, readOnly: Bool = true, clientId: String = clientId) throws -> OktaClient {
        let settings = OAuthSettings(clientId: clientId, key: key, keyId: kid, scopes: scopes, useDPoP: useDPoP,
                                     clientIdSource: "test", keySource: "test.pem")
        return OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(""), oauth: settings),
                          readOnly: readOnly, retry: fastRetry)
    }

    /// Runs `body` with a simulator and an OAuth client; always shuts both down.
    static func with(_ options: SimulatorOptions, key: SigningKey, kid: String? = nil, scopes: [String]? = nil, useDPoP: Bool = true,
                     readOnly: Bool = true, _ body: (RunningSimulator, OktaClient) async throws -> Void) async throws {
        let simulator = try await OktaSimulator.start(options)
        let client: OktaClient
        do { client = try Self.client(simulator, key: key, kid: kid, scopes: scopes, useDPoP: useDPoP, readOnly: readOnly) } catch {
            await simulator.shutdown()
            throw error
        }
        do { try await body(simulator, client) } catch {
            await client.shutdown()
            await simulator.shutdown()
            throw error
        }
        await client.shutdown()
        await simulator.shutdown()
    }

    /// The simulator's request log, read with its API token.
    static func requests(_ simulator: RunningSimulator) async throws -> [(method: String, path: String, status: Int)] {
        let reader = try makeClient(simulator.baseURL, token: simulator.token)
        let response: OktaResponse
        do { response = try await reader.send(.GET, url: reader.url("/simulator/v1/requests")) } catch {
            await reader.shutdown()
            throw error
        }
        await reader.shutdown()
        let entries = try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] ?? []
        return entries.map { ($0["method"] as? String ?? "", $0["path"] as? String ?? "", $0["status"] as? Int ?? 0) }
    }
}

/// Just enough DER to read the INTEGERs of a PKCS#1 RSAPrivateKey SEQUENCE.
enum DER {
    static func integers(in der: Data) -> [Data] {
        let bytes = [UInt8](der)
        var index = 0
        func length() -> Int {
            let first = Int(bytes[index]); index += 1
            guard first & 0x80 != 0 else { return first }
            var value = 0
            for _ in 0..<(first & 0x7f) { value = value << 8 | Int(bytes[index]); index += 1 }
            return value
        }
        index += 1 // SEQUENCE
        _ = length()
        var result: [Data] = []
        while index < bytes.count {
            index += 1 // INTEGER
            let count = length()
            var value = Array(bytes[index..<index + count])
            while value.count > 1 && value.first == 0 { value.removeFirst() }
            result.append(Data(value))
            index += count
        }
        return result
    }
}

@Suite("OAuth 2.0 service app: client against the simulator")
struct OAuthTests {
    typealias F = ServiceAppFixture

    @Test("client credentials + private_key_jwt + DPoP: the nonce challenge is answered once, then reads work")
    func tokenAndDPoPFlow() async throws {
        let key = try SigningKey.generateRSA()
        try await F.with(F.options(key: key, kid: "rsa-1"), key: key, kid: "rsa-1") { simulator, client in
            let apps = try await client.searchApps(q: "Dialpad")
            #expect(apps.map(\.label) == ["Dialpad"])
            _ = try await client.defaultUserSchema()
            _ = try await client.mappings()
            let counts = await simulator.oauthCounts()
            #expect(counts["use_dpop_nonce"] == 1)
            #expect(counts["issued"] == 1, "one token serves every request")
            let log = try await F.requests(simulator)
            #expect(log.filter { $0.path == "/oauth2/v1/token" }.map(\.status) == [400, 200])
            #expect(log.filter { $0.path.hasPrefix("/api/v1") }.allSatisfy { $0.status == 200 })
        }
    }

    @Test("concurrent first requests share one token request")
    func concurrentRequestsShareOneToken() async throws {
        let key = SigningKey.ephemeralP256()
        try await F.with(F.options(key: key), key: key) { simulator, client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 { group.addTask { _ = try await client.defaultUserType() } }
                try await group.waitForAll()
            }
            #expect(await simulator.oauthCounts()["issued"] == 1)
        }
    }

    enum KeyFormat: String, CaseIterable, Sendable { case rsaPEM, rsaPKCS1PEM, rsaJWK, ecPEM, ecJWK, ecJWKSet }

    @Test("the service app's private key is read as PEM or JWK", arguments: KeyFormat.allCases)
    func keyFormats(format: KeyFormat) async throws {
        let original = format.rawValue.hasPrefix("rsa") ? try SigningKey.generateRSA() : SigningKey.ephemeralP256()
        let text: String
        switch format {
        case .rsaPEM, .ecPEM: text = original.privateKeyPEM
        case .rsaPKCS1PEM:
            guard case .rsa(let rsa) = original.material else { Issue.record("not RSA"); return }
            text = rsa.pemRepresentation
            #expect(text.contains("BEGIN RSA PRIVATE KEY"))
        case .rsaJWK, .ecJWK: text = F.privateJWK(original, kid: "k-\(format.rawValue)")
        case .ecJWKSet: text = #"{"keys":[\#(F.privateJWK(original, kid: "in-a-set"))]}"#
        }
        let parsed = try SigningKey.parse(text, source: "test")
        #expect(parsed.algorithm == original.algorithm)
        #expect(parsed.publicJWK == original.publicJWK)
        if format == .rsaJWK || format == .ecJWK { #expect(parsed.embeddedKeyId == "k-\(format.rawValue)") }
        try await F.with(F.options(key: original), key: parsed) { _, client in
            let userType = try await client.defaultUserType()
            #expect(!userType.id.isEmpty)
        }
    }

    /// A throwaway key made with `openssl ecparam -name prime256v1 -genkey -noout` (SEC 1 form).
    static let sec1PEM = """
    -----BEGIN EC PRIVATE KEY-----
    MHcCAQEEIGerhSJKP2taauGW930Kuuiq4Jj1B8Zg8a1jaBXGUKdroAoGCCqGSM49
    AwEHoUQDQgAEbpGx3Rp7cTm9Ih/RiqUUvv/JTU7Pupnh2ABp6E3YVdFmDRmN0nk/
    yTp1X1X6wF9SJ4FxUR1IZjzmXXgFf+qTlw==
    -----END EC PRIVATE KEY-----
    """

    @Test("an OpenSSL SEC 1 EC key signs assertions Okta accepts")
    func sec1Key() async throws {
        let key = try SigningKey.parse(Self.sec1PEM, source: "openssl.pem")
        #expect(key.algorithm == "ES256")
        try await F.with(F.options(key: key), key: key) { _, client in
            let userType = try await client.defaultUserType()
            #expect(!userType.id.isEmpty)
        }
    }

    @Test("a key that is not a private key is refused with a specific message that quotes none of it", arguments: [
        ("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----", OktaError.KeyFault.publicKey),
        ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG\n-----END ENCRYPTED PRIVATE KEY-----", .encrypted),
        (#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#, .jwkMemberMissing(name: "d")),
        ("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC", .neitherPEMNorJWK),
    ])
    func badKeys(text: String, expected: OktaError.KeyFault) throws {
        let error = try #require(throws: OktaError.self) { try SigningKey.parse(text, source: "key.pem") }
        #expect(error.code == .configuration)
        #expect(error.problem == .privateKeyRefused(source: "key.pem", fault: expected))
        let secretPart = text.count > 40 ? String(text.dropFirst(28).prefix(20)) : text
        #expect(renderings(error).allSatisfy { !$0.contains(secretPart) })
    }

    @Test("a key the app does not have registered: invalid_client, with what to check")
    func unregisteredKey() async throws {
        let registered = try SigningKey.generateRSA()
        let other = try SigningKey.generateRSA()
        try await F.with(F.options(key: registered), key: other) { simulator, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.defaultUserType() }
            #expect(error.code == .oauth)
            #expect(error.errorCode == "invalid_client")
            #expect(error.httpStatus == 401)
            guard case .assertionRejected(let clientId, _, _, _, _) = error.problem else { Issue.record("\(error.problem)"); return }
            #expect(clientId == F.clientId)
            #expect(error.errorSummary?.contains("signature is invalid") == true, "Okta's own words are kept")
            #expect(!(await simulator.oauthCounts()["issued"] != nil))
        }
    }

    @Test("an unknown client id is refused as invalid_client")
    func unknownClient() async throws {
        let key = SigningKey.ephemeralP256()
        let simulator = try await OktaSimulator.start(F.options(key: key))
        let client = try F.client(simulator, key: key, clientId: "0oaNotRegistered")
        let error = await #expect(throws: OktaError.self) { _ = try await client.defaultUserType() }
        #expect(error?.errorCode == "invalid_client")
        if case .assertionRejected(let clientId, _, _, _, _)? = error?.problem { #expect(clientId == "0oaNotRegistered") } else { Issue.record("\(String(describing: error))") }
        await client.shutdown()
        await simulator.shutdown()
    }

    @Test("a clock 10 minutes behind Okta's: the assertion is refused as expired, and the hint says to fix the clock")
    func skewedClock() async throws {
        let key = SigningKey.ephemeralP256()
        var options = F.options(key: key)
        options.clockOffsetSeconds = 600
        try await F.with(options, key: key) { _, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.defaultUserType() }
            #expect(error.errorCode == "invalid_client")
            guard case .assertionExpired = error.problem else { Issue.record("\(error.problem)"); return }
        }
    }

    @Test("the clock offset is read from Okta's Date header and stated", arguments: [(600.0, "behind"), (-120.0, "ahead of")])
    func clockOffsetFromDateHeader(offset: Double, direction: String) async throws {
        let settings = OAuthSettings(clientId: "0oaX", key: SigningKey.ephemeralP256(), clientIdSource: "test", keySource: "test")
        let provider = AccessTokenProvider(settings: settings, scopes: OAuthScopes.read, tokenURL: URL(string: "https://acme.okta.com/oauth2/v1/token")!,
                                           redactor: Redactor()) { _, _, _ in .failure(OktaError(code: .network, problem: .unreachable(host: "unused", detail: "unused"))) }
        let received = Date(timeIntervalSince1970: 1_800_000_000)
        let response = OktaResponse(status: 401, headers: [("Date", httpDate(received.addingTimeInterval(offset)))],
                                    body: Data(#"{"error":"invalid_client","error_description":"The client_assertion token is expired."}"#.utf8))
        let error = await provider.tokenError(response, body: try JSONDecoder().decode(OktaErrorBody.self, from: response.body), receivedAt: received)
        // Okta's Date is behind this machine's clock by `offset` seconds: the clock is that far ahead (negative: behind).
        #expect(error.problem == .assertionExpired(clockSkew: -Int(offset)), "\(error.problem) (\(direction))")

        let inTime = OktaResponse(status: 401, headers: [("Date", httpDate(received))], body: response.body)
        let noted = await provider.tokenError(inTime, body: try JSONDecoder().decode(OktaErrorBody.self, from: inTime.body),
                                              receivedAt: received.addingTimeInterval(5))
        #expect(noted.problem == .assertionExpired(clockSkew: nil), "a few seconds of transit are not a clock offset")
    }

    /// Okta drops the scopes it will not grant and issues the token anyway (docs/REAL-ORGS.md R10):
    /// the client refuses that token at once, naming what is missing, before any API call.
    @Test("a scope the app was not granted: the token comes without it, and the client names it")
    func ungrantedScope() async throws {
        let key = SigningKey.ephemeralP256()
        try await F.with(F.options(key: key, scopes: OAuthScopes.read), key: key, readOnly: false) { simulator, client in
            #expect(client.oauthScopes == OAuthScopes.write, "a writing client asks for the manage scopes")
            let error = try await #require(throws: OktaError.self) { _ = try await client.defaultUserType() }
            #expect(error.errorCode == "invalid_scope")
            #expect(error.problem == .scopesNotGranted(scopes: ["okta.schemas.manage", "okta.profileMappings.manage"], clientId: F.clientId))
            #expect(await simulator.oauthCounts()["issued"] == 1, "Okta issued the token: it did not refuse the request")
        }
    }

    @Test("a token without the endpoint's scope: 403 insufficient_scope names the missing scope")
    func missingScope() async throws {
        let key = SigningKey.ephemeralP256()
        let granted = OAuthScopes.read.filter { $0 != "okta.profileMappings.read" }
        try await F.with(F.options(key: key, scopes: granted), key: key, scopes: granted) { _, client in
            _ = try await client.defaultUserSchema()
            let error = try await #require(throws: OktaError.self) { _ = try await client.mappings() }
            #expect(error.httpStatus == 403)
            #expect(error.problem == .missingScope(scope: "okta.profileMappings.read"), "\(error.problem)")
        }
    }

    @Test("read-only clients ask for the read scopes only")
    func readScopes() async throws {
        let key = SigningKey.ephemeralP256()
        try await F.with(F.options(key: key, scopes: OAuthScopes.read), key: key) { _, client in
            #expect(client.oauthScopes == OAuthScopes.read)
            _ = try await client.mappings()
        }
    }

    @Test("an expired access token is renewed once on 401 invalid_token")
    func renewal() async throws {
        let key = SigningKey.ephemeralP256()
        try await F.with(F.options(key: key), key: key) { simulator, client in
            _ = try await client.defaultUserType()
            await simulator.expireAccessTokens()
            _ = try await client.defaultUserType()
            #expect(await simulator.oauthCounts()["issued"] == 2)
            let log = try await F.requests(simulator)
            #expect(log.filter { $0.path.hasPrefix("/api/v1") }.map(\.status) == [200, 401, 200])
        }
    }

    @Test("a token about to expire (expires_in within the renewal margin) is replaced before use, without a 401")
    func renewalBeforeExpiry() async throws {
        let key = SigningKey.ephemeralP256()
        var options = F.options(key: key)
        options.accessTokenLifetime = 30
        try await F.with(options, key: key) { simulator, client in
            _ = try await client.defaultUserType()
            _ = try await client.defaultUserType()
            #expect(await simulator.oauthCounts()["issued"] == 2)
            let log = try await F.requests(simulator)
            #expect(log.filter { $0.path.hasPrefix("/api/v1") }.map(\.status) == [200, 200])
            #expect(log.filter { $0.path == "/oauth2/v1/token" }.map(\.status) == [400, 200, 200], "the nonce is remembered for the next token")
        }
    }

    @Test("the resource server's DPoP nonce challenge is answered once")
    func resourceNonce() async throws {
        let key = SigningKey.ephemeralP256()
        var options = F.options(key: key)
        options.requireResourceDPoPNonce = true
        try await F.with(options, key: key) { simulator, client in
            _ = try await client.defaultUserType()
            _ = try await client.defaultUserSchema()
            #expect(await simulator.oauthCounts()["resource_nonce"] == 1, "the nonce is remembered after the first challenge")
            let log = try await F.requests(simulator)
            #expect(log.filter { $0.path.hasPrefix("/api/v1") }.map(\.status) == [401, 200, 200])
        }
    }

    @Test("an app without Require DPoP gets Bearer tokens with --no-dpop")
    func bearer() async throws {
        let key = SigningKey.ephemeralP256()
        try await F.with(F.options(key: key, requireDPoP: false), key: key, useDPoP: false) { simulator, client in
            _ = try await client.mappings()
            #expect(await simulator.oauthCounts()["use_dpop_nonce"] == nil)
            #expect(await simulator.oauthCounts()["issued"] == 1)
        }
    }

    @Test("an app that requires DPoP refuses a client with DPoP off, and the message says so")
    func dpopRequired() async throws {
        let key = SigningKey.ephemeralP256()
        try await F.with(F.options(key: key, requireDPoP: true), key: key, useDPoP: false) { _, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.mappings() }
            #expect(error.errorCode == "invalid_dpop_proof")
            switch error.problem {
            case .dpopProofRejected, .requestDPoPProofRejected: break
            default: Issue.record("\(error.problem)")
            }
        }
    }

    @Test("no error, description or dump shows the access token, an assertion or a proof")
    func nothingLeaks() async throws {
        let key = SigningKey.ephemeralP256()
        let granted = OAuthScopes.read.filter { $0 != "okta.apps.read" }
        try await F.with(F.options(key: key, scopes: granted), key: key, scopes: granted) { _, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.searchApps(q: "Dialpad") }
            #expect(error.problem == .missingScope(scope: "okta.apps.read"))
            for text in renderings(error) {
                #expect(!text.contains("sim_at.") && !containsJWS(text))
            }
            var dumped = ""
            dump(client, to: &dumped)
            #expect(!dumped.contains("sim_at.") && !containsJWS(dumped))
        }
    }

    @Test("assertions and proofs carry the claims Okta checks")
    func claims() throws {
        let key = SigningKey.ephemeralP256()
        let settings = OAuthSettings(clientId: "0oaX", key: key, keyId: "kid-1")
        let assertion = try AccessTokenProvider.assertion(settings: settings, tokenURL: URL(string: "https://acme.okta.com/oauth2/v1/token")!, now: Date())
        let parts = assertion.split(separator: ".").map { Base64URL.decode($0)! }
        let header = try JSONSerialization.jsonObject(with: parts[0]) as! [String: Any]
        let claims = try JSONSerialization.jsonObject(with: parts[1]) as! [String: Any]
        #expect(header["alg"] as? String == "ES256" && header["kid"] as? String == "kid-1")
        #expect(claims["iss"] as? String == "0oaX" && claims["sub"] as? String == "0oaX")
        #expect(claims["aud"] as? String == "https://acme.okta.com/oauth2/v1/token")
        let issuedAt = try #require(claims["iat"] as? Int)
        let expiresAt = try #require(claims["exp"] as? Int)
        #expect(expiresAt - issuedAt == 300)
        #expect(parts[2].count == 64, "ES256 signatures are r‖s, not DER")

        let proof = try AccessTokenProvider.proof(key: key, method: "GET", url: URL(string: "https://acme.okta.com/api/v1/apps?q=Dialpad&limit=200")!,
                                                  nonce: "n-1", ath: "hash")
        let proofParts = proof.split(separator: ".").map { Base64URL.decode($0)! }
        let proofHeader = try JSONSerialization.jsonObject(with: proofParts[0]) as! [String: Any]
        let proofClaims = try JSONSerialization.jsonObject(with: proofParts[1]) as! [String: Any]
        #expect(proofHeader["typ"] as? String == "dpop+jwt")
        #expect((proofHeader["jwk"] as? [String: String])?["d"] == nil, "never the private part")
        #expect(proofClaims["htu"] as? String == "https://acme.okta.com/api/v1/apps", "no query in htu")
        #expect(proofClaims["htm"] as? String == "GET" && proofClaims["nonce"] as? String == "n-1" && proofClaims["ath"] as? String == "hash")
    }
}

@Suite("OAuth 2.0: answers that echo credentials are scrubbed")
struct OAuthEchoTests {
    static let accessToken = "opaque-Access-Token-0123456789"

    func withOAuthScriptedServer(_ script: @escaping ScriptServer.Script, _ body: (OktaClient) async throws -> Void) async throws {
        let server = try await ScriptServer.start(script)
        let settings = OAuthSettings(clientId: "0oaEcho", key: SigningKey.ephemeralP256(), clientIdSource: "test", keySource: "test")
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: server.baseURL), token: Secret(""), oauth: settings),
                                readOnly: true, retry: fastRetry)
        do { try await body(client) } catch {
            await client.shutdown()
            await server.stop()
            throw error
        }
        await client.shutdown()
        await server.stop()
    }

    @Test("a token endpoint that echoes the DPoP proof: the proof is not in the error")
    func tokenEndpointEcho() async throws {
        try await withOAuthScriptedServer({ call in
            .json(#"{"error":"invalid_dpop_proof","error_description":"bad proof \#(call.request.header("DPoP") ?? "")"}"#, status: 400)
        }) { client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.defaultUserType() }
            #expect(error.errorCode == "invalid_dpop_proof")
            #expect(error.errorSummary?.contains("bad proof <redacted>") == true, "\(error.errorSummary ?? "")")
            for text in renderings(error) { #expect(!containsJWS(text)) }
        }
    }

    @Test("a proxy page that echoes Authorization and DPoP: neither the token nor the proof is in the error")
    func resourceEcho() async throws {
        try await withOAuthScriptedServer({ call in
            if call.request.path == "/oauth2/v1/token" {
                return .json(#"{"token_type":"DPoP","expires_in":3600,"access_token":"\#(Self.accessToken)","scope":"\#(OAuthScopes.read.joined(separator: " "))"}"#)
            }
            let echo = "Authorization=\(call.request.header("Authorization") ?? "") DPoP=\(call.request.header("DPoP") ?? "")"
            return .json(#"{"errorCode":"E0000006","errorSummary":"\#(echo)"}"#, status: 403)
        }) { client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.defaultUserType() }
            #expect(error.httpStatus == 403)
            #expect(error.errorSummary?.contains("Authorization=DPoP <redacted>") == true, "\(error.errorSummary ?? "")")
            for text in renderings(error) { #expect(!text.contains(Self.accessToken) && !containsJWS(text)) }
        }
    }

    @Test("a token that silently lacks a requested scope is refused at once, naming the scope")
    func droppedScope() async throws {
        try await withOAuthScriptedServer({ call in
            if call.request.path == "/oauth2/v1/token" {
                return .json(#"{"token_type":"DPoP","expires_in":3600,"access_token":"\#(Self.accessToken)","scope":"okta.apps.read okta.schemas.read okta.userTypes.read"}"#)
            }
            return .json("{}")
        }) { client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.defaultUserType() }
            #expect(error.errorCode == "invalid_scope")
            guard case .scopesNotGranted(let scopes, _) = error.problem else { Issue.record("\(error.problem)"); return }
            #expect(scopes == ["okta.profileMappings.read"])
        }
    }
}
