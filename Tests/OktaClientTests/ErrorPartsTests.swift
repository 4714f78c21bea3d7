import Foundation
@testable import OktaClient
import Testing

/// Issue 26 §3: an `OktaError` is its code and typed parts, no English. What a server sent
/// (Okta's summary and causes, a challenge, a host, a token type) is scrubbed where it sits.
@Suite struct ErrorPartsTests {
    static let secret = "00SECRETtokenVALUE123"

    static func clean(_ text: String) -> String { text.replacingOccurrences(of: secret, with: "<redacted>") }

    @Test("the server's text inside a problem is scrubbed like Okta's own fields", arguments: [
        (OktaError.Problem.requestDPoPProofRejected(challenge: "echo \(secret)"), OktaError.Problem.requestDPoPProofRejected(challenge: "echo <redacted>")),
        (.serviceAppTokenRefused(challenge: secret), .serviceAppTokenRefused(challenge: "<redacted>")),
        (.redirected(target: "\(secret).example"), .redirected(target: "<redacted>.example")),
        (.unusableTokenType(type: secret), .unusableTokenType(type: "<redacted>")),
        (.undecodableAnswer(html: false, summary: "missing \(secret)"), .undecodableAnswer(html: false, summary: "missing <redacted>")),
        (.nextLinkToOtherHost(host: "\(secret).example", org: "https://acme.okta.com"), .nextLinkToOtherHost(host: "<redacted>.example", org: "https://acme.okta.com")),
        (.unreachable(host: "acme.okta.com", detail: "reset \(secret)"), .unreachable(host: "acme.okta.com", detail: "reset <redacted>")),
    ])
    func problemPartsAreScrubbed(sent: OktaError.Problem, shown: OktaError.Problem) {
        let error = OktaError(code: .api, httpStatus: 401, errorSummary: "summary \(Self.secret)", method: "GET", path: "/api/v1/apps", problem: sent)
        let scrubbed = error.scrubbing(Self.clean)
        #expect(scrubbed.problem == shown)
        #expect(scrubbed.errorSummary == "summary <redacted>")
        #expect(!String(describing: scrubbed).contains(Self.secret))
    }

    @Test("the description names the code, the problem and the request, in no language")
    func descriptionIsTheParts() {
        let error = OktaError.fromResponse(status: 404, body: Data(#"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 0oa1 (AppInstance)","errorCauses":[{"errorSummary":"gone"}]}"#.utf8),
                                           headers: [], method: "GET", path: "/api/v1/apps/0oa1")
        #expect(error.problem == .notFound)
        #expect(error.description == "api: notFound (GET /api/v1/apps/0oa1) [E0000007]: gone")
    }

    @Test("a body that is not Okta's keeps only its kind, never its text")
    func notOktaBodyKeepsOnlyItsKind() {
        let error = OktaError.fromResponse(status: 502, body: Data("<html>Bad Gateway \(Self.secret)</html>".utf8), headers: [],
                                           method: "GET", path: "/api/v1/apps").scrubbing(Self.clean)
        #expect(error.problem == .notAnOktaAnswer(status: 502, body: .webPage))
        #expect(error.errorSummary == nil)
        #expect(!String(describing: error).contains("Bad Gateway"))
    }
}
