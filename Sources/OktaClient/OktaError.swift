import Foundation

/// Every failure the client reports. `code` says what kind of failure it is (branch on
/// it); `problem` says precisely what failed, with its parts, and is what each language words
/// (`Sources/Wizard/ErrorText+English.swift`, `+Japanese.swift`); Okta's own fields are kept as sent.
package struct OktaError: Error, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package init(_ rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        /// Okta answered with an error status.
        package static let api = Code("api")
        /// The org URL or the credentials are unusable before any request is made.
        package static let configuration = Code("configuration")
        /// The request never got an HTTP answer (DNS, refused, reset, timeout, TLS).
        package static let network = Code("network")
        /// Okta answered 2xx with a body we cannot read.
        package static let decoding = Code("decoding")
        /// A write was attempted through a read-only client.
        package static let readOnly = Code("read-only")
        /// A pagination link or redirect pointed somewhere other than the org.
        package static let foreignHost = Code("foreign-host")
        /// Retries on 429 ran out.
        package static let rateLimited = Code("rate-limited")
        /// The OAuth 2.0 token endpoint refused the service app (assertion, scopes, DPoP).
        package static let oauth = Code("oauth")
        /// The run's deadline (`RunDeadline`, `--deadline`) would pass, or passed before a write.
        package static let deadline = Code("deadline")
    }

    /// The precise failure, with its parameters: a stable key each language words in one place.
    package enum Problem: Sendable, Equatable {
        // The org URL as given (`OrgURL(validating:)`).
        // `source`: the flag, variable or file the URL came from, when known.
        case orgURLMissing(source: String?)
        case orgURLPlaceholder(url: String, source: String?)
        case orgURLWithoutScheme(url: String, source: String?)
        case orgURLSchemeTwice(url: String, source: String?)
        case orgURLUnparsable(text: String, source: String?)
        case orgURLUnsupportedScheme(scheme: String, source: String?)
        case orgURLPlainHTTP(host: String, source: String?)
        case orgURLAdminConsole(url: String, orgHost: String, source: String?)
        case orgURLRepeatedCom(host: String, source: String?)
        case orgURLUserInfo(source: String?)
        case orgURLWithPath(url: String, suggestion: String, source: String?)
        case orgURLPortOutOfRange(port: Int, source: String?)
        // The API token as given (`APIToken.validate`); never any part of the token itself.
        case tokenEmpty(source: String)
        case tokenWithScheme(source: String, scheme: String)
        case tokenWithWhitespace(source: String)
        case tokenWithForeignCharacters(source: String)
        // A credential and an org from different places (okta.yaml, the environment, flags).
        case credentialForOtherOrg(credentialSource: String, credentialOrg: String, org: String, orgSource: String)
        case credentialWithoutOrg(credentialSource: String, org: String, orgSource: String)
        // No HTTP answer.
        case timeout(host: String)
        /// An answer begun but not finished: `deadlinePassed`, the exchange's deadline (`after`)
        /// passed; otherwise it came slower than the least rate, `bytes` in `after`.
        case slowAnswer(host: String, bytes: Int, after: Duration, deadlinePassed: Bool)
        case unknownHost(host: String)
        case certificateForOtherHost(host: String)
        case untrustedCertificate(host: String)
        /// `detail`: the TLS library's own description of the failure.
        case tlsFailed(host: String, detail: String)
        case connectionRefused(host: String)
        case connectionClosed(host: String)
        /// `detail`: the network library's own description of the failure.
        case unreachable(host: String, detail: String)
        // A 403 whose challenge names the OAuth scope the request needs.
        case missingScope(scope: String)
        // The extra certificate authorities (`TrustRoots.load`); `source` is the flag or variable.
        case caFileUnreadable(path: String, source: String)
        case caFileWithoutCertificate(path: String, source: String)
        // A write through a read-only client.
        case readOnlyWrite(method: String, path: String)
        // The token endpoint's refusals of the service app. `clockSkew`: seconds this machine's
        // clock is ahead of Okta's (negative: behind), when it is off by a minute or more.
        // Never the assertion, the proof or the token itself.
        case assertionExpired(clockSkew: Int?)
        case assertionRejected(clientId: String, clientIdSource: String, keySource: String, keyId: String?, clockSkew: Int?)
        case scopesRejected(scopes: [String])
        case scopesNotGranted(scopes: [String], clientId: String)
        case dpopProofRejected(clockSkew: Int?)
        case dpopNonceRepeated
        case clientCredentialsNotAllowed(clientId: String, clientIdSource: String)
        case dpopRequired(clientId: String, clientIdSource: String)
        case tokenRequestRefused(clientId: String, clientIdSource: String, status: Int)
        case tokenWithoutAccessToken
        case dpopBoundTokenWithoutProof
        case unusableTokenType(type: String)
        // The API's refusals of a service app's access token (`request` names the call).
        // `challenge`: the error_description of Okta's WWW-Authenticate challenge, as sent.
        case requestDPoPProofRejected(challenge: String?)
        case serviceAppTokenRefused(challenge: String?)
        case serviceAppRoleTooWeak
        // Listings that would never end.
        case pagingLoop(path: String)
        case pagingTooLong(path: String, pages: Int)
        // The run's deadline, in whole seconds: a wait that would pass it, or a write it
        // came before.
        case waitPastDeadline(wait: Int, deadline: Int, elapsed: Int)
        case deadlineBeforeWrite(deadline: Int, elapsed: Int)
        // The deadline passed while the run read the org (no write under way): the read was stopped.
        case deadlineDuringRead(deadline: Int, elapsed: Int)
        // Ctrl-C while a write was under way: it finished and was journalled; no more were sent.
        case stoppedBeforeWrite
        // check-user: no user has this login (found by filter, as a login holding `/` must be).
        case noUserWithLogin(login: String)
        // E0000015 on the Mappings API: the org's edition has no profile mapping API (R25).
        case mappingsAPIUnavailable
        // E0000015 elsewhere: a feature the org does not have.
        case featureUnavailable
        // Okta still cleans up a deleted attribute of this name: the write was sent again for
        // `waited` seconds and still refused; `deadlineReached`: the run's deadline stopped
        // the waiting first (R26).
        case attributeCleanupPending(attribute: String, waited: Int, deadlineReached: Bool)
        // The settings (okta.yaml, the environment, flags): `file` is where a value was read.
        case tokenMissing(org: String)
        case authorizationModeUnsupported(mode: String, source: String)
        case clientIdMissing(chosenBy: String)
        case privateKeyMissing(chosenBy: String)
        case settingsFileUnreadable(file: String)
        case settingsFileNotYAML(file: String)
        case settingsFileLayout(file: String)
        case settingWrongType(key: String, file: String, expected: SettingKind)
        // The service app's private key as given (`source`: the flag, variable or file); never a byte of it.
        case privateKeyRefused(source: String, fault: KeyFault)
        // A credential's configuration refused: its parts name sources, never values.
        case credential(CredentialProblem)
        // Okta's answers that refuse a request, when no more precise problem applies.
        case redirected(target: String)
        case credentialsRejected
        case forbidden
        case notFound
        case rateLimitExhausted
        /// A body that is not Okta's error (a gateway's or proxy's page): only its kind is kept,
        /// never its text, which no one at Okta wrote and which may echo anything.
        case notAnOktaAnswer(status: Int, body: ForeignBody)
        case refused(status: Int)
        // Answers this client will not read.
        case answerTooLarge(megabytes: Int)
        /// `html`: a web page came instead (a proxy or captive portal); `summary`: where the JSON went wrong.
        case undecodableAnswer(html: Bool, summary: String)
        case noUserTypes
        // Where the credentials would go somewhere other than the org.
        // `org`: the org's own address, the only one that may receive them.
        case foreignHost(host: String, org: String)
        case nextLinkWithCredential
        case nextLinkNotAURL
        case nextLinkToOtherHost(host: String, org: String)

        /// A request that waited its whole deadline: waiting again would only pass it again.
        package var isTimeout: Bool {
            switch self {
            case .timeout, .slowAnswer: true
            default: false
            }
        }

        /// The parts a server sent (a header, a host, a token type, a JSON key) passed
        /// through `clean`, as `OktaError.scrubbing` passes Okta's own fields.
        func scrubbing(_ clean: (String) -> String) -> Problem {
            switch self {
            case .redirected(let target): .redirected(target: clean(target))
            case .requestDPoPProofRejected(let challenge): .requestDPoPProofRejected(challenge: challenge.map(clean))
            case .serviceAppTokenRefused(let challenge): .serviceAppTokenRefused(challenge: challenge.map(clean))
            case .unusableTokenType(let type): .unusableTokenType(type: clean(type))
            case .undecodableAnswer(let html, let summary): .undecodableAnswer(html: html, summary: clean(summary))
            case .nextLinkToOtherHost(let host, let org): .nextLinkToOtherHost(host: clean(host), org: org)
            case .tlsFailed(let host, let detail): .tlsFailed(host: host, detail: clean(detail))
            case .unreachable(let host, let detail): .unreachable(host: host, detail: clean(detail))
            default: self
            }
        }
    }

    /// What came in place of Okta's JSON error, from its Content-Type (or, without one, its
    /// first characters): a kind each language words, so no byte of it reaches a screen.
    package enum ForeignBody: Sendable, Equatable {
        case webPage, plainText, otherJSON, empty, other

        static func of(_ body: Data, contentType: String?) -> ForeignBody {
            let start = body.prefix(64).drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            if start.isEmpty { return .empty }
            let media = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            if media == "text/html" || media == "application/xhtml+xml" { return .webPage }
            if media == "application/json" || media.hasSuffix("+json") { return .otherJSON }
            if media == "text/plain" { return .plainText }
            guard media.isEmpty else { return .other }
            let head = String(decoding: start.prefix(16), as: UTF8.self).lowercased()
            if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") { return .webPage }
            if head.hasPrefix("{") || head.hasPrefix("[") { return .otherJSON }
            return .other
        }
    }

    /// What a setting of okta.yaml must be.
    package enum SettingKind: String, Sendable, Equatable {
        case string, scopeList, jwk, boolean
    }

    /// What is wrong with a service app's private key.
    package enum KeyFault: Sendable, Equatable {
        case neitherPEMNorJWK
        case publicKey
        case encrypted
        case rsaTooShort
        case unsupportedPEM
        case jsonNotJWK
        case jwkSetWithSeveralKeys(count: Int)
        case jwkMemberMissing(name: String)
        case rsaJWKInconsistent
        case ecCurveUnsupported(curve: String)
        case ecScalarInvalid
        case ecInconsistent
        case jwkKeyTypeUnsupported(kty: String)
    }

    package struct Cause: Sendable, Codable, Equatable {
        package let errorSummary: String
        package let reason: String?
        package let locationType: String?
        package let location: String?
        package let domain: String?
    }

    package let code: Code
    package let httpStatus: Int?
    package let errorCode: String?
    package let errorSummary: String?
    package let errorCauses: [Cause]
    package let requestId: String?
    package let method: String?
    package let path: String?
    /// What failed, with its parts: the key every language words the error by.
    package let problem: Problem

    package init(code: Code, httpStatus: Int? = nil, errorCode: String? = nil, errorSummary: String? = nil,
                errorCauses: [Cause] = [], requestId: String? = nil, method: String? = nil, path: String? = nil,
                problem: Problem) {
        self.code = code
        self.httpStatus = httpStatus
        self.errorCode = errorCode
        self.errorSummary = errorSummary
        self.errorCauses = errorCauses
        self.requestId = requestId
        self.method = method
        self.path = path
        self.problem = problem
    }

    /// For logs and the journal, in no language: the code, the problem with its parts, the
    /// request, Okta's code and causes. The admin reads `ErrorText`'s words instead.
    package var description: String {
        var text = "\(code): \(problem)"
        if let method, let path { text += " (\(method) \(path))" }
        if let errorCode { text += " [\(errorCode)]" }
        if !errorCauses.isEmpty { text += ": " + errorCauses.map(\.errorSummary).joined(separator: "; ") }
        return text
    }

    /// A proxy's error page may echo the request headers back: never let the token ride along.
    func redacting(_ secret: Secret) -> OktaError {
        let value = secret.reveal()
        guard !value.isEmpty else { return self }
        return scrubbing { $0.replacingOccurrences(of: value, with: "<redacted>") }
    }

    /// The same error with every text Okta or a proxy sent passed through `clean`: made anew
    /// before it is thrown, never edited.
    func scrubbing(_ clean: (String) -> String) -> OktaError {
        func scrub(_ text: String?) -> String? { text.map(clean) }
        return OktaError(code: code, httpStatus: httpStatus, errorCode: scrub(errorCode), errorSummary: scrub(errorSummary),
                         errorCauses: errorCauses.map { cause in
                             Cause(errorSummary: clean(cause.errorSummary), reason: scrub(cause.reason), locationType: scrub(cause.locationType),
                                   location: scrub(cause.location), domain: scrub(cause.domain))
                         },
                         requestId: AnswerCheck.requestId(requestId, scrub: clean), method: method, path: path,
                         problem: problem.scrubbing(clean))
    }

    /// Okta's request ids are short runs of letters, digits, `-` and `_` (`XbNrPYpDT5w8S1EvIYNKbwAAAaw`).
    /// Anything else in that header is not shown: a server that echoes the request's
    /// Authorization header there must not get the token printed with the error.
    package static func requestId(shapedAs value: String) -> String? {
        guard (4...64).contains(value.utf8.count),
              value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F })
        else { return nil }
        return value
    }

    static func configuration(_ problem: Problem) -> OktaError {
        OktaError(code: .configuration, problem: problem)
    }

    static func credential(_ problem: CredentialProblem) -> OktaError {
        OktaError(code: .configuration, problem: .credential(problem))
    }
}

/// Okta's error body (SPEC:Error). Every field optional: proxies and older endpoints send less.
struct OktaErrorBody: Decodable {
    var errorCode: String?
    var errorSummary: String?
    var errorCauses: [OktaError.Cause]?
    // OAuth endpoints use these instead.
    var error: String?
    var error_description: String?
}

extension OktaError {
    /// Builds the error for a non-2xx answer, with a precise problem for the statuses admins meet most.
    /// `serviceApp`: the credential is an OAuth service app, for which a 401 or 403 means
    /// something else than for an API token.
    static func fromResponse(status: Int, body: Data, headers: [(String, String)], method: String, path: String,
                             serviceApp: Bool = false) -> OktaError {
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
        let requestId = AnswerCheck.requestId(header("x-okta-request-id"))
        let decoded = try? JSONDecoder().decode(OktaErrorBody.self, from: body)
        let authenticate = header("www-authenticate") ?? ""
        let summary = decoded?.errorSummary ?? decoded?.error_description
        let errorSummary = summary
        let oktaCode = decoded?.errorCode ?? decoded?.error
        var errorCode = oktaCode
        let code: Code
        let problem: Problem
        let challengedScope = Self.insufficientScope(authenticate)
        switch status {
        case 300..<400:
            let target = header("location").flatMap { URL(string: $0)?.host } ?? "another address"
            code = .foreignHost
            problem = .redirected(target: target)
        case 401 where oktaCode == Self.featureNotEnabled && path.hasPrefix("/api/v1/mappings"):
            // Okta's code for a feature the org lacks, sent with 401 (terraform-provider-okta
            // PR #1355, issue #773): the credentials are fine, the org has no Mappings API.
            code = .api
            problem = .mappingsAPIUnavailable
        case 401 where oktaCode == Self.featureNotEnabled:
            code = .api
            problem = .featureUnavailable
        case _ where serviceApp && authenticate.contains("invalid_dpop_proof"):
            code = .api
            errorCode = "invalid_dpop_proof"
            problem = .requestDPoPProofRejected(challenge: OktaClient.challengeDescription(authenticate))
        case 401 where serviceApp:
            code = .api
            problem = .serviceAppTokenRefused(challenge: OktaClient.challengeDescription(authenticate))
        case 401:
            code = .api
            problem = .credentialsRejected
        case 403 where challengedScope != nil:
            // Okta's challenge usually names the scope; when it does not, the spec's `security` does.
            let challenged = challengedScope ?? ""
            let scope = challenged == "a required scope" ? (OAuthScopes.required(method: method, path: path) ?? challenged) : challenged
            code = .api
            problem = .missingScope(scope: scope)
        case 403:
            code = .api
            if serviceApp {
                problem = .serviceAppRoleTooWeak
            } else {
                problem = .forbidden
            }
        case 404:
            code = .api
            problem = .notFound
        case 429:
            code = .rateLimited
            problem = .rateLimitExhausted
        default:
            code = .api
            if decoded == nil {
                problem = .notAnOktaAnswer(status: status, body: .of(body, contentType: header("content-type")))
            } else {
                problem = .refused(status: status)
            }
        }
        return OktaError(code: code, httpStatus: status, errorCode: errorCode, errorSummary: errorSummary,
                         errorCauses: decoded?.errorCauses ?? [], requestId: requestId, method: method, path: path, problem: problem)
    }

    /// Okta's error code for a feature the org does not have ("You do not have permission to
    /// access the feature you are requesting"), answered with 401 although the credentials are good.
    static let featureNotEnabled = "E0000015"

    /// Okta's error code of an answer's body, for branching before the error is made.
    static func errorCode(of body: Data) -> String? {
        (try? JSONDecoder().decode(OktaErrorBody.self, from: body))?.errorCode
    }

    /// Okta refused to add an attribute because it still cleans up a deleted one of the same
    /// name (E0000001, `Api validation failed: updateUserSchemas` or `updateAppUserSchemas`).
    /// E0000001 is every validation failure, so the cause is the only thing that tells this
    /// one apart: its variable name, quoted, and the clean-up it waits for, as Terraform reads it
    /// (docs/REAL-ORGS.md R26). A refusal of anything else is never waited on.
    package func attributeCleanupPending(_ attribute: String) -> Bool {
        guard errorCode == "E0000001", httpStatus == 400 else { return false }
        return errorCauses.contains { cause in
            cause.errorSummary.contains("'\(attribute)'") && cause.errorSummary.contains("clean up process")
        }
    }

    /// `Bearer error="insufficient_scope", scope="okta.apps.read"` → `okta.apps.read`.
    static func insufficientScope(_ header: String) -> String? {
        guard header.contains("insufficient_scope") else { return nil }
        guard let range = header.range(of: "scope=\"") else { return "a required scope" }
        let rest = header[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
