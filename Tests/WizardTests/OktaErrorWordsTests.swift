import Foundation
import OktaClient
import SetupEngine
import Testing
import TestSupport
@testable import Wizard

/// Issue 26 §2 and §3: an `OktaError` carries no English of its own. Each language words it
/// from its problem and typed parts in one place (`ErrorText+EnglishProblems.swift`,
/// `ErrorText+Japanese.swift`), with the same shape: a hint in both or in neither.
@Suite struct OktaErrorWordsTests {
    static let host = "acme.okta.com"
    static let app = "0oaServiceApp7Dialpad"

    /// One of every problem, with parts a reader can find again in the words.
    static let problems: [OktaError.Problem] = [
        .orgURLMissing(source: "--org"), .orgURLPlaceholder(url: "https://{yourOktaDomain}", source: nil),
        .orgURLWithoutScheme(url: host, source: "OKTA_CLIENT_ORGURL"), .orgURLSchemeTwice(url: "https://https://acme.okta.com", source: nil),
        .orgURLUnparsable(text: "not a url", source: nil), .orgURLUnsupportedScheme(scheme: "ftp", source: nil),
        .orgURLPlainHTTP(host: host, source: nil), .orgURLAdminConsole(url: "https://acme-admin.okta.com", orgHost: host, source: "./okta.yaml"),
        .orgURLRepeatedCom(host: "acme.okta.com.com", source: nil), .orgURLUserInfo(source: nil),
        .orgURLWithPath(url: "https://acme.okta.com/app", suggestion: "https://acme.okta.com", source: nil), .orgURLPortOutOfRange(port: 70000, source: nil),
        .tokenEmpty(source: "OKTA_CLIENT_TOKEN"), .tokenWithScheme(source: "OKTA_CLIENT_TOKEN", scheme: "SSWS"),
        .tokenWithWhitespace(source: "OKTA_CLIENT_TOKEN"), .tokenWithForeignCharacters(source: "OKTA_CLIENT_TOKEN"),
        .credentialForOtherOrg(credentialSource: "~/.okta/okta.yaml", credentialOrg: "https://beta.okta.com", org: "https://acme.okta.com", orgSource: "OKTA_CLIENT_ORGURL"),
        .credentialWithoutOrg(credentialSource: "OKTA_CLIENT_TOKEN", org: "https://acme.okta.com", orgSource: "./okta.yaml"),
        .timeout(host: host), .slowAnswer(host: host, bytes: 120, after: .seconds(60), deadlinePassed: true),
        .slowAnswer(host: host, bytes: 40, after: .seconds(12), deadlinePassed: false), .unknownHost(host: host),
        .certificateForOtherHost(host: host), .untrustedCertificate(host: host), .tlsFailed(host: host, detail: "handshakeFailed"),
        .connectionRefused(host: host), .connectionClosed(host: host), .unreachable(host: host, detail: "connect failed"),
        .missingScope(scope: "okta.apps.read"), .caFileUnreadable(path: "/etc/ssl/corp.pem", source: "--ca-file"),
        .caFileWithoutCertificate(path: "/etc/ssl/corp.pem", source: "SSL_CERT_FILE"), .readOnlyWrite(method: "POST", path: "/api/v1/mappings/prm1"),
        .assertionExpired(clockSkew: 420), .assertionExpired(clockSkew: nil),
        .assertionRejected(clientId: app, clientIdSource: "--client-id", keySource: "--private-key", keyId: "kid-2026", clockSkew: -90),
        .scopesRejected(scopes: ["okta.apps.read"]), .scopesNotGranted(scopes: ["okta.schemas.manage"], clientId: app),
        .dpopProofRejected(clockSkew: 75), .dpopNonceRepeated, .clientCredentialsNotAllowed(clientId: app, clientIdSource: "okta.yaml"),
        .dpopRequired(clientId: app, clientIdSource: "OKTA_CLIENT_CLIENTID"), .tokenRequestRefused(clientId: app, clientIdSource: "--client-id", status: 500),
        .tokenWithoutAccessToken, .dpopBoundTokenWithoutProof, .unusableTokenType(type: "mac"),
        .requestDPoPProofRejected(challenge: "DPoP proof iat is too old"), .serviceAppTokenRefused(challenge: nil), .serviceAppRoleTooWeak,
        .pagingLoop(path: "/api/v1/users"), .pagingTooLong(path: "/api/v1/users", pages: 2000),
        .waitPastDeadline(wait: 60, deadline: 600, elapsed: 590), .deadlineBeforeWrite(deadline: 600, elapsed: 601),
        .deadlineDuringRead(deadline: 600, elapsed: 601), .stoppedBeforeWrite, .noUserWithLogin(login: "sales/desk@example.com"),
        .mappingsAPIUnavailable, .featureUnavailable, .attributeCleanupPending(attribute: "dialpadPhone", waited: 120, deadlineReached: true),
        .tokenMissing(org: "https://acme.okta.com"), .authorizationModeUnsupported(mode: "JWT", source: "OKTA_CLIENT_AUTHORIZATIONMODE"),
        .clientIdMissing(chosenBy: "--auth"), .privateKeyMissing(chosenBy: "--auth"), .settingsFileUnreadable(file: "~/.okta/okta.yaml"),
        .settingsFileNotYAML(file: "./okta.yaml"), .settingsFileLayout(file: "./okta.yaml"),
        .settingWrongType(key: "okta.client.scopes", file: "./okta.yaml", expected: .scopeList),
        .privateKeyRefused(source: "--private-key", fault: .encrypted), .privateKeyRefused(source: "--private-key", fault: .jwkMemberMissing(name: "d")),
        .credential(.orgsFileWritableByOthers(path: "/tmp/orgs.yaml", mode: 0o666)), .credential(.orgsEntryWithoutOrgURL(org: "orgs[2]")),
        .redirected(target: "login.example.com"), .credentialsRejected, .forbidden, .notFound, .rateLimitExhausted,
        .notAnOktaAnswer(status: 502, body: .webPage), .notAnOktaAnswer(status: 403, body: .empty), .refused(status: 400), .refused(status: 409), .answerTooLarge(megabytes: 64),
        .undecodableAnswer(html: true, summary: "not JSON, or cut short"), .undecodableAnswer(html: false, summary: "missing 0.id"),
        .noUserTypes, .foreignHost(host: "evil.example", org: "https://acme.okta.com"), .nextLinkWithCredential, .nextLinkNotAURL,
        .nextLinkToOtherHost(host: "evil.example", org: "https://acme.okta.com"),
    ] + [OktaError.KeyFault.neitherPEMNorJWK, .publicKey, .encrypted, .rsaTooShort, .unsupportedPEM, .jsonNotJWK, .jwkSetWithSeveralKeys(count: 2),
         .jwkMemberMissing(name: "n"), .rsaJWKInconsistent, .ecCurveUnsupported(curve: "P-384"), .ecScalarInvalid, .ecInconsistent,
         .jwkKeyTypeUnsupported(kty: "oct")].map { .privateKeyRefused(source: "--private-key", fault: $0) }
        + CredentialWordsTests.problems.map { .credential($0) }

    struct Case: Sendable, CustomTestStringConvertible {
        let problem: OktaError.Problem
        var error: OktaError { OktaError(code: .api, httpStatus: 400, requestId: "reqAbC123xyz", method: "GET", path: "/api/v1/apps", problem: problem) }
        var testDescription: String { String(describing: problem).prefix { $0 != "(" }.description }
    }

    @Test(arguments: problems.map(Case.init))
    func everyProblemIsWordedInEnglishAndJapaneseWithTheSameShape(case: Case) throws {
        let english = ErrorText(.en).report(`case`.error), japanese = ErrorText(.ja).report(`case`.error)
        let line = try #require(english.lines.first)
        #expect(!line.isEmpty && !line.contains(String(describing: `case`.problem)), "worded, not described: \(line)")
        #expect(!JapaneseTests.hasJapanese(line) && !(english.hint.map(JapaneseTests.hasJapanese) ?? false), "one table per language")
        #expect(EnglishDetector.runs(in: japanese.lines.joined()).isEmpty, "\(japanese.lines)")
        #expect((english.hint == nil) == (japanese.hint == nil), "a hint in both or in neither: \(english.hint ?? "nil") / \(japanese.hint ?? "nil")")
        #expect(english.requestId == "reqAbC123xyz" && japanese.requestId == "reqAbC123xyz")
    }

    /// The parts a sentence names are the error's own: the same problem with other parts says other things.
    @Test func theEnglishNamesTheProblemsParts() {
        func line(_ problem: OktaError.Problem, method: String? = nil, path: String? = nil, summary: String? = nil) -> String {
            ErrorText(.en).report(OktaError(code: .configuration, errorSummary: summary, method: method, path: path, problem: problem)).lines.first ?? ""
        }
        #expect(line(.orgURLAdminConsole(url: "https://acme-admin.okta.com", orgHost: "acme.okta.com", source: "OKTA_CLIENT_ORGURL"))
                == "https://acme-admin.okta.com is the Admin Console's address, not the org URL. (from OKTA_CLIENT_ORGURL)")
        #expect(line(.orgURLAdminConsole(url: "https://beta-admin.okta.com", orgHost: "beta.okta.com", source: nil))
                == "https://beta-admin.okta.com is the Admin Console's address, not the org URL.")
        #expect(line(.notFound, method: "GET", path: "/api/v1/apps/0oa1", summary: "Not found: Resource not found: 0oa1 (AppInstance)")
                == "Not found: GET /api/v1/apps/0oa1 (HTTP 404)")
        #expect(line(.notAnOktaAnswer(status: 502, body: .webPage), method: "GET", path: "/api/v1/apps")
                == "GET /api/v1/apps got HTTP 502 with a body that is not an Okta error: a web page (HTML), most likely from a gateway or proxy in front of Okta (its text is not shown).")
        #expect(line(.slowAnswer(host: "acme.okta.com", bytes: 40, after: .seconds(12), deadlinePassed: false), method: "GET", path: "/api/v1/users")
                == "acme.okta.com sends its answer to GET /api/v1/users too slowly (40 bytes in 12.0 seconds); stopped waiting.")
    }

    /// Both languages name where a refused org URL came from, a part of the error like the URL itself.
    @Test(arguments: [Language.en, .ja])
    func aRefusedOrgURLNamesItsSourceInEitherLanguage(language: Language) throws {
        let error = try #require(throws: OktaError.self) { _ = try OrgURL(validating: "https://acme-admin.okta.com", source: "OKTA_CLIENT_ORGURL") }
        let text = ErrorText(language).lines(error).joined(separator: "\n")
        #expect(text.contains("OKTA_CLIENT_ORGURL") && text.contains("https://acme-admin.okta.com") && text.contains("https://acme.okta.com"), "\(text)")
        let unsourced = ErrorText(language).lines(try #require(throws: OktaError.self) { _ = try OrgURL(validating: "https://acme-admin.okta.com") })
        #expect(!unsourced.joined().contains("OKTA_CLIENT_ORGURL") && !unsourced.joined().contains("で指定"))
    }

    /// What the command line prints for an org URL refused on its way in: the parts, in the English table's words.
    @Test func aRefusedOrgURLIsWordedWithWhereItCameFrom() throws {
        let error = try #require(throws: OktaError.self) { _ = try OrgURL(validating: "acme.okta.com", source: "--org") }
        #expect(ErrorText(.en).lines(error) == ["error: The org URL \"acme.okta.com\" has no scheme. (from --org)", "hint: Write it as https://acme.okta.com."])
    }
}
