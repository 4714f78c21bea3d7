import Crypto
import _CryptoExtras
import Foundation

/// An API Services app registered in the simulated org: client credentials with
/// `private_key_jwt`, its public keys, the Okta API scopes granted to it, and "Require DPoP".
package struct SimulatedServiceApp: Sendable {
    package var clientId: String
    /// Public keys as JWK JSON (with or without `kid`) or PEM.
    package var publicKeys: [String]
    package var grantedScopes: [String]
    package var requireDPoP: Bool
    /// The app's admin roles (a service app's are its own, assigned to the client): writes the
    /// roles may not make answer 403 E0000006, as for an API token's admin (docs/REAL-ORGS.md R8).
    package var adminRoles: [String]

    package init(clientId: String, publicKeys: [String], grantedScopes: [String], requireDPoP: Bool = true,
                adminRoles: [String] = ["SUPER_ADMIN"]) {
        self.clientId = clientId
        self.publicKeys = publicKeys
        self.grantedScopes = grantedScopes
        self.requireDPoP = requireDPoP
        self.adminRoles = adminRoles
    }
}

/// An OAuth error as Okta's org authorization server and resource server send it.
struct OAuthFailure: Error {
    let status: Int
    let error: String
    let description: String
    /// Set on resource-server failures: the WWW-Authenticate challenge.
    let challenge: String?
    let nonce: String?

    init(status: Int, error: String, description: String, challenge: String? = nil, nonce: String? = nil) {
        self.status = status; self.error = error; self.description = description; self.challenge = challenge; self.nonce = nonce
    }
}

/// A public key the simulator verifies signatures with. Written apart from the client's
/// signing code on purpose, so a JOSE mistake in one is not mirrored in the other.
struct VerifyingKey: Sendable {
    // Keys are immutable values; swift-crypto 3 does not mark P256 keys Sendable, 4 does.
    enum Material: @unchecked Sendable {
        case rsa(_RSA.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
    }
    var kid: String?
    var material: Material

    static func parse(_ text: String) throws -> VerifyingKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                throw SimulatorError(code: "bad-key", message: "A service app public key is not a JWK object.")
            }
            return try jwk(object)
        }
        if let rsa = try? _RSA.Signing.PublicKey(pemRepresentation: trimmed) { return VerifyingKey(kid: nil, material: .rsa(rsa)) }
        if let ec = try? P256.Signing.PublicKey(pemRepresentation: trimmed) { return VerifyingKey(kid: nil, material: .p256(ec)) }
        throw SimulatorError(code: "bad-key", message: "A service app public key is neither an RSA nor a P-256 public key (PEM or JWK).")
    }

    static func jwk(_ object: [String: Any]) throws -> VerifyingKey {
        func bytes(_ name: String) -> Data? { (object[name] as? String).flatMap(b64url) }
        switch object["kty"] as? String {
        case "RSA":
            guard let n = bytes("n"), let e = bytes("e"), let key = try? _RSA.Signing.PublicKey(n: n, e: e) else { break }
            return VerifyingKey(kid: object["kid"] as? String, material: .rsa(key))
        case "EC":
            guard object["crv"] as? String == "P-256", let x = bytes("x"), let y = bytes("y"), x.count == 32, y.count == 32,
                  let key = try? P256.Signing.PublicKey(rawRepresentation: x + y) else { break }
            return VerifyingKey(kid: object["kid"] as? String, material: .p256(key))
        default: break
        }
        throw SimulatorError(code: "bad-key", message: "A JWK is not a usable RSA or P-256 public key.")
    }

    var alg: String {
        switch material {
        case .rsa: return "RS256"
        case .p256: return "ES256"
        }
    }

    func verifies(_ signature: Data, over input: Data) -> Bool {
        switch material {
        case .rsa(let key):
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: input, padding: .insecurePKCS1v1_5)
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: input)
        }
    }

    /// RFC 7638 thumbprint: the required members in lexicographic order, no spaces.
    var thumbprint: String {
        let canonical: String
        switch material {
        case .rsa(let key):
            let primitives = try? key.getKeyPrimitives()
            canonical = #"{"e":"\#(b64url(primitives?.publicExponent ?? Data()))","kty":"RSA","n":"\#(b64url(primitives?.modulus ?? Data()))"}"#
        case .p256(let key):
            let raw = key.rawRepresentation
            canonical = #"{"crv":"P-256","kty":"EC","x":"\#(b64url(raw.prefix(32)))","y":"\#(b64url(raw.suffix(32)))"}"#
        }
        return b64url(Data(SHA256.hash(data: Data(canonical.utf8))))
    }
}

func b64url(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

func b64url(_ text: String) -> Data? {
    guard !text.contains("=") else { return nil }
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    return Data(base64Encoded: base64)
}

/// A compact JWS taken apart; the signature is checked separately.
struct ParsedJWT {
    var header: [String: Any]
    var claims: [String: Any]
    var signingInput: Data
    var signature: Data

    init?(_ compact: String) {
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let headerData = b64url(String(parts[0])), let claimsData = b64url(String(parts[1])), let signature = b64url(String(parts[2])),
              let header = (try? JSONSerialization.jsonObject(with: headerData)) as? [String: Any],
              let claims = (try? JSONSerialization.jsonObject(with: claimsData)) as? [String: Any] else { return nil }
        self.header = header
        self.claims = claims
        signingInput = Data((parts[0] + "." + parts[1]).utf8)
        self.signature = signature
    }

    func number(_ name: String) -> Double? { (claims[name] as? NSNumber)?.doubleValue }
    func string(_ name: String) -> String? { claims[name] as? String }
}

/// Okta's org authorization server (`/oauth2/v1/token`, client credentials only) and the
/// resource-server side of the Management API: token, DPoP and scope checks.
actor OAuthAuthority {
    struct Registered {
        var app: SimulatedServiceApp
        var keys: [VerifyingKey]
    }

    struct Issued {
        var clientId: String
        var scopes: Set<String>
        var expires: Date
        /// Thumbprint of the DPoP key the token is bound to (`cnf.jkt`); nil for a Bearer token.
        var jkt: String?
    }

    let apps: [String: Registered]
    let clockSkew: TimeInterval
    /// The simulated org's clock runs this far ahead of this machine's (negative: behind).
    let clockOffset: TimeInterval
    let tokenLifetime: Int
    let requireResourceNonce: Bool
    let nonce = IDs.random(prefix: "", length: 32)
    let resourceNonce = IDs.random(prefix: "", length: 32)
    var baseURL = ""
    private var assertionIDs: Set<String> = []
    private var proofIDs: Set<String> = []
    private var tokens: [String: Issued] = [:]
    /// How often each outcome happened, for tests: "use_dpop_nonce", "issued", "resource_nonce", …
    private(set) var counts: [String: Int] = [:]

    init(apps: [SimulatedServiceApp], clockSkew: TimeInterval, clockOffset: TimeInterval = 0, tokenLifetime: Int, requireResourceNonce: Bool) throws {
        var registered: [String: Registered] = [:]
        for app in apps {
            registered[app.clientId] = Registered(app: app, keys: try app.publicKeys.map(VerifyingKey.parse))
        }
        self.apps = registered
        self.clockSkew = clockSkew
        self.clockOffset = clockOffset
        self.tokenLifetime = tokenLifetime
        self.requireResourceNonce = requireResourceNonce
    }

    func setBaseURL(_ url: String) { baseURL = url }
    func now() -> Date { Date().addingTimeInterval(clockOffset) }
    var tokenURL: String { baseURL + "/oauth2/v1/token" }
    func count(_ key: String) { counts[key, default: 0] += 1 }
    func statistics() -> JSON { .object(counts.mapValues { .int($0) }) }

    /// Expires every issued token now, as if an hour had passed.
    func expireTokens() {
        for key in tokens.keys { tokens[key]?.expires = .distantPast }
    }

    // MARK: Token endpoint

    func token(form body: Data, dpop: String?, contentType: String?) throws -> JSON {
        guard contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw OAuthFailure(status: 400, error: "invalid_request", description: "The request must be application/x-www-form-urlencoded.")
        }
        let form = Self.parseForm(String(decoding: body, as: UTF8.self))
        guard form["grant_type"] == "client_credentials" else {
            throw OAuthFailure(status: 400, error: "unsupported_grant_type",
                               description: "The authorization grant type is not supported by the authorization server.")
        }
        guard form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", let assertion = form["client_assertion"] else {
            throw OAuthFailure(status: 401, error: "invalid_client", description: "Client authentication failed. Either the client or the client credentials are invalid.")
        }
        let app = try verifyAssertion(assertion)
        var jkt: String?
        if let dpop {
            jkt = try verifyProof(dpop, method: "POST", url: tokenURL, accessToken: nil, nonce: nonce, challenge: nil)
        } else if app.app.requireDPoP {
            throw OAuthFailure(status: 400, error: "invalid_dpop_proof", description: "The DPoP proof JWT header is missing.")
        }
        let requested = (form["scope"] ?? "").split(separator: " ").map(String.init)
        guard !requested.isEmpty else {
            throw OAuthFailure(status: 400, error: "invalid_scope", description: "The authorization server resource does not have any configured default scopes, 'scope' must be provided.")
        }
        // Okta drops the scopes it will not grant and issues the token with the rest; only a
        // request of nothing it would grant is refused (docs/REAL-ORGS.md R10).
        let granted = requested.filter { app.app.grantedScopes.contains($0) }
        guard !granted.isEmpty else {
            throw OAuthFailure(status: 400, error: "invalid_scope", description: "The following scopes are not granted to the client: \(requested.joined(separator: " ")).")
        }
        let value = IDs.random(prefix: "sim_at.", length: 48)
        tokens[value] = Issued(clientId: app.app.clientId, scopes: Set(granted), expires: now().addingTimeInterval(TimeInterval(tokenLifetime)), jkt: jkt)
        count("issued")
        return ["token_type": .string(jkt == nil ? "Bearer" : "DPoP"), "expires_in": .int(tokenLifetime),
                "access_token": .string(value), "scope": .string(granted.joined(separator: " "))]
    }

    private func verifyAssertion(_ compact: String) throws -> Registered {
        func refuse(_ description: String) -> OAuthFailure { OAuthFailure(status: 401, error: "invalid_client", description: description) }
        guard let jwt = ParsedJWT(compact) else { throw refuse("The client_assertion token is not a valid JWT.") }
        guard let issuer = jwt.string("iss"), let app = apps[issuer] else { throw refuse("Invalid value for 'client_id' parameter.") }
        guard jwt.string("sub") == issuer else { throw refuse("The 'sub' claim of the client_assertion must be the client_id.") }
        let kid = jwt.header["kid"] as? String
        let candidates = app.keys.filter { kid == nil || $0.kid == nil || $0.kid == kid }
        guard !candidates.isEmpty else { throw refuse("The client_assertion token has a kid that does not match any key registered for the client.") }
        let alg = jwt.header["alg"] as? String
        guard candidates.contains(where: { $0.alg == alg && $0.verifies(jwt.signature, over: jwt.signingInput) }) else {
            throw refuse("The client_assertion signature is invalid.")
        }
        guard jwt.string("aud") == tokenURL else {
            throw refuse("The audience claim for client_assertion must be the endpoint invoking the client_assertion.")
        }
        let now = self.now().timeIntervalSince1970
        guard let exp = jwt.number("exp") else { throw refuse("The client_assertion token must have an 'exp' claim.") }
        guard exp + clockSkew >= now else { throw refuse("The client_assertion token is expired.") }
        guard exp - now <= 3600 + clockSkew else { throw refuse("The client_assertion token has an expiration too far into the future.") }
        if let iat = jwt.number("iat"), iat - clockSkew > now { throw refuse("The client_assertion token was issued in the future.") }
        guard let jti = jwt.string("jti"), !jti.isEmpty else { throw refuse("The client_assertion token must have a 'jti' claim.") }
        guard assertionIDs.insert(jti).inserted else { throw refuse("The client_assertion token has already been used.") }
        return app
    }

    /// RFC 9449 §4.3 checks; returns the thumbprint of the proof's key.
    private func verifyProof(_ compact: String, method: String, url: String, accessToken: String?, nonce expected: String?,
                             challenge scheme: String?) throws -> String {
        func refuse(_ description: String) -> OAuthFailure {
            OAuthFailure(status: scheme == nil ? 400 : 401, error: "invalid_dpop_proof", description: description,
                         challenge: scheme.map { #"\#($0) algs="RS256 ES256", error="invalid_dpop_proof", error_description="\#(description)""# })
        }
        guard let jwt = ParsedJWT(compact) else { throw refuse("The DPoP proof JWT is malformed.") }
        guard jwt.header["typ"] as? String == "dpop+jwt" else { throw refuse("The DPoP proof JWT must have typ dpop+jwt.") }
        guard let jwk = jwt.header["jwk"] as? [String: Any], jwk["d"] == nil, let key = try? VerifyingKey.jwk(jwk) else {
            throw refuse("The DPoP proof JWT header must hold a public jwk.")
        }
        guard key.alg == jwt.header["alg"] as? String, key.verifies(jwt.signature, over: jwt.signingInput) else {
            throw refuse("The DPoP proof JWT signature is invalid.")
        }
        guard jwt.string("htm") == method else { throw refuse("The DPoP proof htm does not match the request method.") }
        guard jwt.string("htu") == url else { throw refuse("The DPoP proof htu does not match the request URL.") }
        let now = self.now().timeIntervalSince1970
        guard let iat = jwt.number("iat"), iat <= now + clockSkew, iat >= now - 300 - clockSkew else {
            throw refuse("The DPoP proof JWT is expired or issued in the future.")
        }
        if let accessToken {
            let ath = b64url(Data(SHA256.hash(data: Data(accessToken.utf8))))
            guard jwt.string("ath") == ath else { throw refuse("The DPoP proof ath does not match the access token.") }
        }
        if let expected, jwt.string("nonce") != expected {
            count(scheme == nil ? "use_dpop_nonce" : "resource_nonce")
            let description = scheme == nil ? "Authorization server requires nonce in DPoP proof." : "Resource server requires nonce in DPoP proof."
            throw OAuthFailure(status: scheme == nil ? 400 : 401, error: "use_dpop_nonce", description: description,
                               challenge: scheme.map { #"\#($0) error="use_dpop_nonce", error_description="\#(description)""# }, nonce: expected)
        }
        guard let jti = jwt.string("jti"), !jti.isEmpty, proofIDs.insert(jti).inserted else {
            throw refuse("The DPoP proof jti has already been used.")
        }
        return key.thumbprint
    }

    // MARK: Resource server

    /// A registered service app's admin roles; nil for an unknown client.
    func adminRoles(of clientId: String) -> [String]? { apps[clientId]?.app.adminRoles }

    /// Authorises one Management API request made with `Bearer` or `DPoP` credentials; returns
    /// the service app's client id.
    @discardableResult
    func authorize(scheme: String, token: String, proof: String?, method: String, path: String) throws -> String {
        let challengeScheme = scheme == "DPoP" ? "DPoP" : "Bearer"
        let realm = #"authorization_uri="\#(baseURL)/oauth2/v1/authorize", realm="IdpAPI""#
        guard let issued = tokens[token], issued.expires > now() else {
            throw OAuthFailure(status: 401, error: "invalid_token", description: "The token has expired.",
                               challenge: #"\#(challengeScheme) \#(realm), error="invalid_token", error_description="The token has expired.""#)
        }
        if let jkt = issued.jkt {
            guard scheme == "DPoP" else {
                throw OAuthFailure(status: 400, error: "invalid_request", description: "The DPoP-bound access token must be sent with the DPoP authentication scheme.")
            }
            guard let proof else {
                throw OAuthFailure(status: 401, error: "invalid_dpop_proof", description: "The DPoP proof JWT header is missing.",
                                   challenge: #"DPoP algs="RS256 ES256", error="invalid_dpop_proof", error_description="The DPoP proof JWT header is missing.""#)
            }
            let thumbprint = try verifyProof(proof, method: method, url: baseURL + path, accessToken: token,
                                             nonce: requireResourceNonce ? resourceNonce : nil, challenge: "DPoP")
            guard thumbprint == jkt else {
                throw OAuthFailure(status: 401, error: "invalid_dpop_proof", description: "The DPoP proof key is not the key the token is bound to.",
                                   challenge: #"DPoP algs="RS256 ES256", error="invalid_dpop_proof", error_description="The DPoP proof key is not the key the token is bound to.""#)
            }
        } else if scheme == "DPoP" {
            throw OAuthFailure(status: 401, error: "invalid_token", description: "The token is not DPoP-bound.",
                               challenge: #"DPoP \#(realm), error="invalid_token", error_description="The token is not DPoP-bound.""#)
        }
        if let required = Self.requiredScope(method: method, path: path), !Self.satisfies(issued.scopes, required) {
            let description = "The access token provided does not contain the required scopes."
            throw OAuthFailure(status: 403, error: "insufficient_scope", description: description,
                               challenge: #"\#(challengeScheme) \#(realm), scope="\#(required)", error="insufficient_scope", error_description="\#(description)", resource="\#(path)""#)
        }
        return issued.clientId
    }

    /// The `oauth2` security of each operation the simulator serves, from Okta's spec.
    static func requiredScope(method: String, path: String) -> String? {
        let verb = method == "GET" ? "read" : "manage"
        // listAssignedRolesForUser is okta.roles; getUser and listUsers are okta.users
        // (docs/REAL-ORGS.md R23), whatever follows /api/v1/users.
        if path.hasPrefix("/api/v1/users/") && path.hasSuffix("/roles") { return "okta.roles.\(verb)" }
        let families = [("/api/v1/apps", "okta.apps"), ("/api/v1/meta/types/user", "okta.userTypes"),
                        ("/api/v1/meta/schemas", "okta.schemas"), ("/api/v1/mappings", "okta.profileMappings"),
                        ("/api/v1/idps", "okta.idps"), ("/api/v1/users", "okta.users"),
                        ("/oauth2/v1/clients", "okta.roles")]
        return families.first { path.hasPrefix($0.0) }.map { "\($0.1).\(verb)" }
    }

    /// A `manage` scope includes its `read`.
    static func satisfies(_ granted: Set<String>, _ required: String) -> Bool {
        granted.contains(required) || (required.hasSuffix(".read") && granted.contains(String(required.dropLast(5)) + ".manage"))
    }

    static func parseForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if let name = parts.first { fields[name] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }
}
