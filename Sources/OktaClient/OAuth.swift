import Crypto
import Foundation
import OktaSpec
import NIOHTTP1
import Synchronization

/// An OAuth 2.0 service app (client credentials with `private_key_jwt`), as Okta's SDKs
/// configure it with `authorizationMode: PrivateKey`.
package struct OAuthSettings: Sendable, CustomStringConvertible {
    package var clientId: String
    package var key: SigningKey
    /// The `kid` of the public key registered in Okta; nil sends none (Okta then tries every key of the app).
    package var keyId: String?
    /// nil: the scopes the command needs (`OAuthScopes.read`, `.write`, `.checkUser`).
    package var scopes: [String]?
    /// Sends DPoP proofs (RFC 9449); Okta requires them for service apps created since 2024.
    package var useDPoP: Bool
    package var clientIdSource: String
    package var keySource: String

    package init(clientId: String, key: SigningKey, keyId: String? = nil, scopes: [String]? = nil, useDPoP: Bool = true,
                clientIdSource: String = "argument", keySource: String = "argument") {
        self.clientId = clientId
        self.key = key
        self.keyId = keyId ?? key.embeddedKeyId
        self.scopes = scopes
        self.useDPoP = useDPoP
        self.clientIdSource = clientIdSource
        self.keySource = keySource
    }

    package var description: String { "OAuthSettings(clientId: \(clientId), key: <redacted>)" }
}

/// The Okta API scopes each command needs, from the `security` of every operation it calls
/// in Okta's spec. A `manage` scope includes its `read`.
package enum OAuthScopes {
    /// Not `okta.idps.read`: it only adds identity providers to the profile-source count, and
    /// without it the count says what it could not read (add it with `--scopes`).
    package static let read = ["okta.apps.read", "okta.userTypes.read", "okta.schemas.read", "okta.profileMappings.read"]
    package static let write = ["okta.apps.read", "okta.userTypes.read", "okta.schemas.manage", "okta.profileMappings.manage"]
    /// check-user reads one Okta user: getUser, or listUsers with a filter for a login holding
    /// `/` (docs/REAL-ORGS.md R24); both are `okta.users.read`, which `read` lacks (R23).
    package static let checkUser = read + ["okta.users.read"]
    /// verify reads the app's users with their Okta users embedded (listApplicationUsers,
    /// `expand=user`): `okta.apps.read` is all the spec asks, so no users scope is requested.
    package static let verify = read

    /// The scope an endpoint needs, to name it when Okta's challenge does not: the spec's own
    /// `security` for the operation (`OktaOperations`, generated from it; docs/REAL-ORGS.md R28).
    package static func required(method: String, path: String) -> String? {
        OktaOperations.operation(method: method, path: path)?.scopes.first
    }

    /// `--scopes` and `OKTA_CLIENT_SCOPES` take spaces or commas (PY splits on commas).
    package static func parse(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" }).map(String.init)
    }
}

/// Removes credentials from anything that may reach a message: the SSWS token, every access
/// token issued to this process, and anything shaped like a compact JWS (assertions, proofs).
final class Redactor: Sendable, CustomReflectable {
    private let known = Mutex<[String]>([])
    var customMirror: Mirror { Mirror(self, children: [:]) }

    func remember(_ secret: Secret) {
        let value = secret.reveal()
        guard !value.isEmpty else { return }
        known.withLock { if !$0.contains(value) { $0.append(value) } }
    }

    func scrub(_ text: String) -> String {
        var text = text
        for value in known.withLock({ $0 }) where text.contains(value) {
            text = text.replacingOccurrences(of: value, with: "<redacted>")
        }
        // Every answer's request id and link passes here: no JWS header, no regular expression
        // (Foundation compiles one per call, through ICU).
        guard text.contains("eyJ") else { return text }
        return text.replacingOccurrences(of: #"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"#, with: "<redacted>",
                                         options: .regularExpression)
    }

    func scrub(_ body: Data) -> Data {
        let text = String(decoding: body, as: UTF8.self)
        let clean = scrub(text)
        return clean == text ? body : Data(clean.utf8)
    }
}

/// Gets and keeps the access token (memory only), signs the DPoP proofs, and follows Okta's
/// nonce challenges. One token request at a time: concurrent callers wait for the same one.
actor AccessTokenProvider {
    typealias Post = @Sendable (_ url: URL, _ headers: [(String, String)], _ form: Data) async -> Result<OktaResponse, OktaError>

    struct AccessToken: Sendable {
        var value: Secret
        var dpopBound: Bool
        var expires: ContinuousClock.Instant
        var scope: String?
    }

    let settings: OAuthSettings
    let scopes: [String]
    let tokenURL: URL
    let dpopKey: SigningKey?
    let redactor: Redactor
    let post: Post
    private var current: AccessToken?
    private var pending: Task<AccessToken, any Error>?
    private var tokenNonce: String?
    private var resourceNonce: String?
    /// Renew this long before `expires_in` runs out, so a token never expires in flight.
    static let renewalMargin: Duration = .seconds(60)
    static let assertionLifetime: TimeInterval = 300

    init(settings: OAuthSettings, scopes: [String], tokenURL: URL, redactor: Redactor, post: @escaping Post) {
        self.settings = settings
        self.scopes = scopes
        self.tokenURL = tokenURL
        self.redactor = redactor
        self.post = post
        dpopKey = settings.useDPoP ? SigningKey.ephemeralP256() : nil
    }

    /// The headers that authorise one request: `Authorization` and, for a DPoP-bound token, a fresh proof.
    func authorization(method: String, url: URL) async throws -> (headers: [(String, String)], token: Secret) {
        let token = try await validToken()
        guard token.dpopBound, let dpopKey else { return ([("Authorization", "Bearer " + token.value.reveal())], token.value) }
        let ath = Base64URL.encode(Data(SHA256.hash(data: Data(token.value.reveal().utf8))))
        let proof = try Self.proof(key: dpopKey, method: method, url: url, nonce: resourceNonce, ath: ath)
        return ([("Authorization", "DPoP " + token.value.reveal()), ("DPoP", proof)], token.value)
    }

    /// Okta's resource server asked for a nonce (401 `use_dpop_nonce`).
    func useResourceNonce(_ nonce: String) { resourceNonce = nonce }

    /// Drops the token Okta refused, so the next request fetches a new one.
    func invalidate(_ refused: Secret) {
        if current?.value == refused { current = nil }
    }

    private func validToken() async throws -> AccessToken {
        if let current, ContinuousClock.now < current.expires - Self.renewalMargin { return current }
        if let pending { return try await pending.value }
        let task = Task { try await self.requestToken() }
        pending = task
        defer { pending = nil }
        let token = try await task.value
        current = token
        return token
    }

    private func requestToken() async throws -> AccessToken {
        var nonceRetried = false
        while true {
            let now = Date()
            let assertion = try Self.assertion(settings: settings, tokenURL: tokenURL, now: now)
            var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
            if let dpopKey {
                headers.append(("DPoP", try Self.proof(key: dpopKey, method: "POST", url: tokenURL, nonce: tokenNonce, ath: nil)))
            }
            let form = Self.formEncode([
                ("grant_type", "client_credentials"),
                ("scope", scopes.joined(separator: " ")),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", assertion),
            ])
            let response: OktaResponse
            switch await post(tokenURL, headers, form) {
            case .success(let answer): response = answer
            case .failure(let error): throw error
            }
            if (200..<300).contains(response.status) { return try accept(response) }
            let body = try? JSONDecoder().decode(OktaErrorBody.self, from: response.body)
            if body?.error == "use_dpop_nonce", let nonce = response.header("DPoP-Nonce"), dpopKey != nil, !nonceRetried {
                tokenNonce = nonce
                nonceRetried = true
                continue
            }
            throw tokenError(response, body: body, receivedAt: Date())
        }
    }

    private func accept(_ response: OktaResponse) throws -> AccessToken {
        struct Reply: Decodable {
            var token_type: String
            var expires_in: Int?
            var access_token: String
            var scope: String?
        }
        guard let reply = try? JSONDecoder().decode(Reply.self, from: response.body), !reply.access_token.isEmpty else {
            throw OktaError(code: .decoding,
                            httpStatus: response.status, method: "POST", path: tokenURL.path, problem: .tokenWithoutAccessToken)
        }
        let value = Secret(reply.access_token)
        redactor.remember(value)
        let dpopBound = reply.token_type.caseInsensitiveCompare("DPoP") == .orderedSame
        if dpopBound && dpopKey == nil {
            throw OktaError(code: .oauth,
                            method: "POST", path: tokenURL.path, problem: .dpopBoundTokenWithoutProof)
        }
        guard dpopBound || reply.token_type.caseInsensitiveCompare("Bearer") == .orderedSame else {
            throw OktaError(code: .oauth,
                            method: "POST", path: tokenURL.path, problem: .unusableTokenType(type: reply.token_type))
        }
        // Okta may drop ungranted scopes silently instead of refusing them: say so now, not at a 403 later.
        if let granted = reply.scope.map({ Set(OAuthScopes.parse($0)) }) {
            let dropped = scopes.filter { !granted.contains($0) }
            if !dropped.isEmpty {
                throw OktaError(code: .oauth,
                                errorCode: "invalid_scope", method: "POST", path: tokenURL.path,
                                problem: .scopesNotGranted(scopes: dropped, clientId: settings.clientId))
            }
        }
        return AccessToken(value: value, dpopBound: dpopBound, expires: .now + .seconds(reply.expires_in ?? 3600), scope: reply.scope)
    }

    /// RFC 7523 client assertion: iss = sub = client id, aud = the token URL, 5 minutes of life.
    static func assertion(settings: OAuthSettings, tokenURL: URL, now: Date) throws -> String {
        let iat = now.timeIntervalSince1970.rounded(.down)
        var header: [String: JSONValue] = ["typ": .string("JWT")]
        if let kid = settings.keyId { header["kid"] = .string(kid) }
        return try JWS.sign(header: header, claims: [
            "iss": .string(settings.clientId), "sub": .string(settings.clientId), "aud": .string(tokenURL.absoluteString),
            "iat": .number(iat), "exp": .number(iat + assertionLifetime), "jti": .string(JWS.randomID()),
        ], key: settings.key)
    }

    /// RFC 9449 §4.2: `htu` is the URL without query and fragment.
    static func proof(key: SigningKey, method: String, url: URL, nonce: String?, ath: String?) throws -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.query = nil
        components?.fragment = nil
        var claims: [String: JSONValue] = [
            "htm": .string(method), "htu": .string(components?.url?.absoluteString ?? url.absoluteString),
            "iat": .number(Date().timeIntervalSince1970.rounded(.down)), "jti": .string(JWS.randomID()),
        ]
        if let nonce { claims["nonce"] = .string(nonce) }
        if let ath { claims["ath"] = .string(ath) }
        return try JWS.sign(header: ["typ": .string("dpop+jwt"), "jwk": JSONValue(key.publicJWK)], claims: claims, key: key)
    }

    static func formEncode(_ fields: [(String, String)]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Data(fields.map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&").utf8)
    }

    /// One specific message per refusal of the token endpoint (OAuth errors: `error`, `error_description`).
    func tokenError(_ response: OktaResponse, body: OktaErrorBody?, receivedAt: Date) -> OktaError {
        let code = body?.error
        let detail = body?.error_description.map { redactor.scrub($0) }
        // Okta's Date is stamped as it answers, so beside the time the answer arrived it shows
        // this machine's clock offset (whole seconds, plus the transit time).
        let skew = response.header("Date").flatMap(OktaClient.httpDate).map { receivedAt.timeIntervalSince($0) }
        let clockSkew = skew.flatMap { abs($0) >= 60 ? Int($0.rounded()) : nil }
        let problem: OktaError.Problem
        switch code {
        case "invalid_client":
            let lowered = (detail ?? "").lowercased()
            if lowered.contains("expired") || lowered.contains("issued") || lowered.contains("iat") || lowered.contains("future") {
                problem = .assertionExpired(clockSkew: clockSkew)
            } else {
                problem = .assertionRejected(clientId: settings.clientId, clientIdSource: settings.clientIdSource,
                                             keySource: settings.keySource, keyId: settings.keyId, clockSkew: clockSkew)
            }
        case "invalid_scope":
            problem = .scopesRejected(scopes: scopes)
        case "invalid_dpop_proof":
            problem = .dpopProofRejected(clockSkew: clockSkew)
        case "use_dpop_nonce":
            problem = .dpopNonceRepeated
        case "unauthorized_client":
            problem = .clientCredentialsNotAllowed(clientId: settings.clientId, clientIdSource: settings.clientIdSource)
        case "invalid_request" where (detail ?? "").lowercased().contains("dpop"):
            problem = .dpopRequired(clientId: settings.clientId, clientIdSource: settings.clientIdSource)
        default:
            problem = .tokenRequestRefused(clientId: settings.clientId, clientIdSource: settings.clientIdSource, status: response.status)
        }
        return OktaError(code: .oauth, httpStatus: response.status, errorCode: code, errorSummary: detail,
                         requestId: AnswerCheck.requestId(response.oktaRequestId, redactor: redactor), method: "POST", path: tokenURL.path, problem: problem)
    }
}

extension OktaClient: CustomReflectable {
    /// `dump(client)` shows where it points, never the credentials or the HTTP client's
    /// connection state (which may still hold the last request's Authorization header).
    package var customMirror: Mirror { Mirror(self, children: ["org": org, "readOnly": readOnly]) }
}
