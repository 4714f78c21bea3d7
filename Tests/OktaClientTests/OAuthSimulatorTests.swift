import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOHTTP1
import OktaSimulator
import Testing
@testable import OktaClient

/// The simulator's org authorization server and resource server, driven by hand-made
/// requests: each of Okta's refusals a well-behaved client never provokes.
@Suite("Simulator: OAuth 2.0 token endpoint and DPoP checks")
struct OAuthSimulatorTests {
    typealias F = ServiceAppFixture

    struct Session {
        var simulator: RunningSimulator
        var http: HTTPClient
        var appKey: SigningKey
        var dpopKey: SigningKey
        var tokenURL: URL { URL(string: simulator.baseURL + "/oauth2/v1/token")! }

        func send(_ method: HTTPMethod, _ url: URL, headers: [(String, String)], body: Data? = nil) async throws -> OktaResponse {
            try await OktaClient.exchange(http: http, log: RequestLog(), logger: Logger(label: "test"), method, url: url, headers: headers,
                                          body: body, attempt: 1).get()
        }

        func assertion(audience: String? = nil) throws -> String {
            let iat = Date().timeIntervalSince1970.rounded(.down)
            return try JWS.sign(header: ["typ": .string("JWT")], claims: [
                "iss": .string(F.clientId), "sub": .string(F.clientId), "aud": .string(audience ?? tokenURL.absoluteString),
                "iat": .number(iat), "exp": .number(iat + 300), "jti": .string(JWS.randomID()),
            ], key: appKey)
        }

        func requestToken(assertion: String, nonce: String?) async throws -> OktaResponse {
            let proof = try AccessTokenProvider.proof(key: dpopKey, method: "POST", url: tokenURL, nonce: nonce, ath: nil)
            let form = AccessTokenProvider.formEncode([
                ("grant_type", "client_credentials"), ("scope", OAuthScopes.read.joined(separator: " ")),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion),
            ])
            return try await send(.POST, tokenURL, headers: [("Content-Type", "application/x-www-form-urlencoded"), ("DPoP", proof)], body: form)
        }

        /// The documented dance: a nonce challenge, then the token.
        func dpopToken() async throws -> String {
            let challenge = try await requestToken(assertion: try assertion(), nonce: nil)
            let nonce = try #require(challenge.header("DPoP-Nonce"))
            let answer = try await requestToken(assertion: try assertion(), nonce: nonce)
            let object = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
            #expect(object["token_type"] as? String == "DPoP")
            return try #require(object["access_token"] as? String)
        }

        func get(_ path: String, token: String, scheme: String = "DPoP", proofKey: SigningKey? = nil, htu: String? = nil,
                 ath: String? = nil, proof: String? = nil) async throws -> (OktaResponse, String) {
            let url = URL(string: simulator.baseURL + path)!
            let hash = ath ?? Base64URL.encode(Data(SHA256.hash(data: Data(token.utf8))))
            let proof = try proof ?? AccessTokenProvider.proof(key: proofKey ?? dpopKey, method: "GET", url: URL(string: htu ?? url.absoluteString)!,
                                                               nonce: nil, ath: hash)
            return (try await send(.GET, url, headers: [("Authorization", "\(scheme) \(token)"), ("DPoP", proof)]), proof)
        }
    }

    func withSession(_ body: (Session) async throws -> Void) async throws {
        let appKey = SigningKey.ephemeralP256()
        let simulator = try await OktaSimulator.start(F.options(key: appKey))
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do { try await body(Session(simulator: simulator, http: http, appKey: appKey, dpopKey: .ephemeralP256())) } catch {
            try? await http.shutdown()
            await simulator.shutdown()
            throw error
        }
        try? await http.shutdown()
        await simulator.shutdown()
    }

    static func error(_ response: OktaResponse) -> String? {
        (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["error"] as? String
    }

    @Test("token endpoint: first a use_dpop_nonce challenge, then a DPoP token; a replayed or misaddressed assertion is invalid_client")
    func tokenEndpoint() async throws {
        try await withSession { session in
            let first = try await session.requestToken(assertion: try session.assertion(), nonce: nil)
            #expect(first.status == 400 && Self.error(first) == "use_dpop_nonce")
            let nonce = try #require(first.header("DPoP-Nonce"))

            let assertion = try session.assertion()
            let issued = try await session.requestToken(assertion: assertion, nonce: nonce)
            #expect(issued.status == 200)
            let replay = try await session.requestToken(assertion: assertion, nonce: nonce)
            #expect(replay.status == 401 && Self.error(replay) == "invalid_client")
            #expect(String(decoding: replay.body, as: UTF8.self).contains("already been used"))

            let misaddressed = try await session.requestToken(assertion: try session.assertion(audience: "https://other.okta.com/oauth2/v1/token"), nonce: nonce)
            #expect(misaddressed.status == 401 && String(decoding: misaddressed.body, as: UTF8.self).contains("audience"))

            let stale = try await session.requestToken(assertion: try session.assertion(), nonce: "not-the-nonce")
            #expect(stale.status == 400 && Self.error(stale) == "use_dpop_nonce")
        }
    }

    @Test("resource server: the proof must match the method, URL, token and key, once; Bearer is refused for a DPoP token; SSWS still works")
    func resourceChecks() async throws {
        try await withSession { session in
            let token = try await session.dpopToken()
            let path = "/api/v1/meta/types/user/default"

            let (good, proof) = try await session.get(path, token: token)
            #expect(good.status == 200)
            let (replayed, _) = try await session.get(path, token: token, proof: proof)
            #expect(replayed.status == 401 && replayed.header("WWW-Authenticate")?.contains("invalid_dpop_proof") == true)

            let (wrongURL, _) = try await session.get(path, token: token, htu: session.simulator.baseURL + "/api/v1/apps")
            #expect(wrongURL.status == 401 && wrongURL.header("WWW-Authenticate")?.contains("htu") == true)
            let (wrongHash, _) = try await session.get(path, token: token, ath: "AAAA")
            #expect(wrongHash.status == 401 && wrongHash.header("WWW-Authenticate")?.contains("ath") == true)
            let (wrongKey, _) = try await session.get(path, token: token, proofKey: .ephemeralP256())
            #expect(wrongKey.status == 401 && wrongKey.header("WWW-Authenticate")?.contains("bound") == true)
            let (bearer, _) = try await session.get(path, token: token, scheme: "Bearer")
            #expect(bearer.status == 400 && Self.error(bearer) == "invalid_request")
            let (unknown, _) = try await session.get(path, token: "sim_at.forged", scheme: "DPoP")
            #expect(unknown.status == 401 && unknown.header("WWW-Authenticate")?.contains("invalid_token") == true)

            let write = try await session.send(.POST, URL(string: session.simulator.baseURL + "/api/v1/meta/schemas/user/default")!, headers: [
                ("Authorization", "DPoP \(token)"), ("Content-Type", "application/json"),
                ("DPoP", try AccessTokenProvider.proof(key: session.dpopKey, method: "POST", url: URL(string: session.simulator.baseURL + "/api/v1/meta/schemas/user/default")!,
                                                       nonce: nil, ath: Base64URL.encode(Data(SHA256.hash(data: Data(token.utf8)))))),
            ], body: Data("{}".utf8))
            #expect(write.status == 403, "a read-scoped token cannot write")
            let challenge = try #require(write.header("WWW-Authenticate"))
            #expect(challenge.hasPrefix("DPoP ") && challenge.contains(#"scope="okta.schemas.manage""#) && challenge.contains(#"error="insufficient_scope""#))

            let ssws = try await session.send(.GET, URL(string: session.simulator.baseURL + path)!, headers: [("Authorization", "SSWS \(session.simulator.token)")])
            #expect(ssws.status == 200)
        }
    }
}
