import Foundation
import NIOHTTP1
import Testing
import TestSupport
@testable import OktaClient

private let okta401Body = #"{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011","errorId":"oaeX","errorCauses":[]}"#
private let okta500Body = #"{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorLink":"E0000009","errorId":"oaeY","errorCauses":[]}"#
private let okta429Body = #"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests.","errorCauses":[]}"#

@Suite("Client over HTTP (scripted server)")
struct ClientHTTPTests {

    // MARK: (a) pagination

    enum LinkStyle: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case separateHeaders, oneCombinedHeader, nextBeforeSelf, unquotedRel
        var testDescription: String { rawValue }
    }

    static func pagedScript(_ style: LinkStyle, pages: Int = 3) -> ScriptServer.Script {
        { call in
            let page = call.index
            let items = (0..<2).map { #"{"id":"app\#(page * 2 + $0)","label":"App \#(page * 2 + $0)"}"# }
            let selfURL = "<\(call.baseURL)/api/v1/apps?limit=2\(page == 0 ? "" : "&after=app\(page * 2 - 1)")>"
            let nextURL = page < pages - 1 ? "<\(call.baseURL)/api/v1/apps?limit=2&after=app\(page * 2 + 1)>" : nil
            var headers: [(String, String)] = []
            switch style {
            case .separateHeaders:
                headers.append(("Link", selfURL + #"; rel="self""#))
                if let nextURL { headers.append(("Link", nextURL + #"; rel="next""#)) }
            case .oneCombinedHeader:
                headers.append(("Link", selfURL + #"; rel="self""# + (nextURL.map { ", " + $0 + #"; rel="next""# } ?? "")))
            case .nextBeforeSelf:
                if let nextURL { headers.append(("Link", nextURL + #"; rel="next""#)) }
                headers.append(("Link", selfURL + #"; rel="self""#))
            case .unquotedRel:
                headers.append(("Link", selfURL + "; rel=self" + (nextURL.map { ", " + $0 + "; rel=next" } ?? "")))
            }
            return .json("[" + items.joined(separator: ",") + "]", headers: headers)
        }
    }

    @Test("all() follows rel=next across 3 pages and returns every item", arguments: LinkStyle.allCases)
    func paginationFollowsNext(style: LinkStyle) async throws {
        try await withScriptedServer(Self.pagedScript(style)) { server, client in
            let result = try await client.all(OktaApp.self, "/api/v1/apps", query: [("limit", "2")])
            #expect(result.items.map(\.id) == ["app0", "app1", "app2", "app3", "app4", "app5"])
            #expect(result.truncated == false)
            let requests = server.requests
            #expect(requests.count == 3)
            #expect(requests.map(\.path) == ["/api/v1/apps", "/api/v1/apps", "/api/v1/apps"])
            #expect(requests.map(\.query) == ["limit=2", "limit=2&after=app1", "limit=2&after=app3"])
            #expect(requests.allSatisfy { $0.header("Authorization") == "SSWS \(testToken)" })
        }
    }

    @Test("all() stops at maxPages and reports truncation")
    func paginationTruncates() async throws {
        try await withScriptedServer(Self.pagedScript(.separateHeaders)) { server, client in
            let result = try await client.all(OktaApp.self, "/api/v1/apps", query: [("limit", "2")], maxPages: 2)
            #expect(result.items.count == 4)
            #expect(result.truncated)
            #expect(server.requestCount == 2)
        }
    }

    @Test("page() reports the next URL, and none on the last page")
    func pageReportsNext() async throws {
        try await withScriptedServer(Self.pagedScript(.oneCombinedHeader, pages: 2)) { server, client in
            let first = try await client.page(OktaApp.self, url: client.url("/api/v1/apps", query: [("limit", "2")]))
            let next = try #require(first.next)
            #expect(next.absoluteString == "\(server.baseURL)/api/v1/apps?limit=2&after=app1")
            let second = try await client.page(OktaApp.self, url: next)
            #expect(second.items.map(\.id) == ["app2", "app3"])
            #expect(second.next == nil)
        }
    }

    @Test("nextLink parses RFC 8288 Link values", arguments: [
        ([#"<https://a.okta.com/x?after=1>; rel="next""#], "https://a.okta.com/x?after=1"),
        ([#"<https://a.okta.com/s>; rel="self""#, #"<https://a.okta.com/n>; rel="next""#], "https://a.okta.com/n"),
        ([#"<https://a.okta.com/s>; rel="self", <https://a.okta.com/n>; rel="next""#], "https://a.okta.com/n"),
        ([#"<https://a.okta.com/n>;rel="NEXT""#], "https://a.okta.com/n"),
        ([#"<https://a.okta.com/s>; rel="self""#], nil),
        ([], nil),
        (["garbage"], nil),
    ] as [([String], String?)])
    func nextLinkParsing(values: [String], expected: String?) {
        #expect(OktaClient.nextLink(values) == expected)
    }

    // MARK: (b) the token never leaves the org

    enum ForeignNext: String, CaseIterable, Sendable {
        case otherPortSameHost, localhostName, httpsSameHostPort
    }

    @Test("a next link to another host is refused and that host receives nothing", arguments: ForeignNext.allCases)
    func foreignNextLinkRefused(target: ForeignNext) async throws {
        let other = try await ScriptServer.start { _ in .json(#"[{"id":"stolen"}]"#) }
        let otherPort = other.port
        do {
            try await withScriptedServer({ call in
                let next: String
                switch target {
                case .otherPortSameHost: next = "http://127.0.0.1:\(otherPort)/api/v1/apps?after=a"
                case .localhostName: next = "http://localhost:\(otherPort)/api/v1/apps?after=a"
                case .httpsSameHostPort: next = "https://127.0.0.1:\(call.port)/api/v1/apps?after=a"
                }
                return .json(#"[{"id":"a"}]"#, headers: [("Link", "<\(next)>; rel=\"next\"")])
            }) { server, client in
                let error = try await #require(throws: OktaError.self) {
                    try await client.all(OktaApp.self, "/api/v1/apps")
                }
                #expect(error.code == .foreignHost)
                #expect(server.requestCount == 1)
                #expect(renderings(error).allSatisfy { !$0.contains(testToken) })
            }
        } catch {
            await other.stop()
            throw error
        }
        #expect(other.requestCount == 0)
        await other.stop()
    }

    @Test("send() to a URL outside the org is refused before the network")
    func sendToForeignURLRefused() async throws {
        let other = try await ScriptServer.start { _ in .json("[]") }
        try await withScriptedServer({ _ in .json("[]") }) { server, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.send(.GET, url: URL(string: "\(other.baseURL)/api/v1/apps")!)
            }
            #expect(error.code == .foreignHost)
            #expect(server.requestCount == 0)
        }
        #expect(other.requestCount == 0)
        await other.stop()
    }

    @Test("a redirect is not followed: the Location host receives nothing")
    func redirectNotFollowed() async throws {
        let other = try await ScriptServer.start { _ in .json("[]") }
        let location = "\(other.baseURL)/api/v1/apps"
        try await withScriptedServer({ _ in ScriptedReply(302, headers: [("Location", location)], body: "") }) { server, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.httpStatus == 302)
            #expect(server.requestCount == 1)
        }
        #expect(other.requestCount == 0)
        await other.stop()
    }

    // MARK: (c) 429

    @Test("429 with X-Rate-Limit-Reset waits for the reset, then succeeds")
    func rateLimitedThenOK() async throws {
        try await withScriptedServer({ call in
            if call.index == 0 {
                return .json(okta429Body, status: 429,
                             headers: [("X-Rate-Limit-Reset", String(epochNow() + 1)), ("Date", httpDate())])
            }
            return .json(#"[{"id":"a"}]"#)
        }) { server, client in
            let start = ContinuousClock.now
            let apps = try await client.get([OktaApp].self, "/api/v1/apps")
            let elapsed = seconds(since: start)
            #expect(apps.map(\.id) == ["a"])
            #expect(server.requestCount == 2)
            #expect(elapsed >= 0.5, "waited only \(elapsed) s")
        }
    }

    @Test("429 that never clears becomes .rateLimited after maxRateLimitWaits waits")
    func rateLimitedForever() async throws {
        try await withScriptedServer({ _ in
            // A reset in the past: the client waits its minimum (0.5 s) each time.
            .json(okta429Body, status: 429, headers: [("X-Rate-Limit-Reset", String(epochNow() - 30))])
        }) { server, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.code == .rateLimited)
            #expect(error.httpStatus == 429)
            #expect(error.errorCode == "E0000047")
            #expect(server.requestCount == 1 + client.retry.maxRateLimitWaits)
        }
    }

    @Test("waitAfter429 measures the reset against the server's clock", arguments: [
        (nil, 1000),            // no header: one second
        (10, 11000),            // reset 10 s after the server's Date: 10 s + 1 s margin
        (-100, 500),            // reset in the past: the minimum
        (100_000, 61000),       // absurd reset: capped
    ] as [(Int?, Int)])
    func waitAfter429(resetOffset: Int?, expectedMs: Int) {
        let serverDate = Date(timeIntervalSince1970: 1_700_000_000)
        let localNow = Date(timeIntervalSince1970: 1_700_000_500) // local clock 500 s ahead: must not matter
        let wait = RateLimitGovernor.waitAfter429(reset: resetOffset.map { 1_700_000_000 + $0 }, serverDate: serverDate, now: localNow)
        #expect(wait == .milliseconds(expectedMs))
    }

    @Test("rate-limit buckets", arguments: [
        ("/api/v1/apps", RateLimitBucket.appsCollection),
        ("/api/v1/apps/0oa1", .appInstance),
        ("/api/v1/apps/0oa1/users", .appsCollection),
        ("/api/v1/meta/schemas/apps/0oa1/default", .api),
        ("/api/v1/mappings/prm1", .api),
        ("/api/v1/meta/types/user/default", .api),
    ])
    func buckets(path: String, bucket: RateLimitBucket) {
        #expect(RateLimitBucket.of(path: path) == bucket)
    }

    // MARK: (d)(e)(f) retries

    @Test("GET answered 503 twice then 200 succeeds after 3 requests")
    func getRetriesTransient() async throws {
        try await withScriptedServer({ call in
            call.index < 2 ? .json(okta500Body, status: 503) : .json(#"[{"id":"ok"}]"#)
        }) { server, client in
            let apps = try await client.get([OktaApp].self, "/api/v1/apps")
            #expect(apps.map(\.id) == ["ok"])
            #expect(server.requestCount == 3)
            #expect(client.log.snapshot.map(\.attempt) == [1, 2, 3])
            #expect(client.log.snapshot.map(\.status) == [503, 503, 200])
        }
    }

    @Test("POST answered 503 is not retried")
    func postNotRetried() async throws {
        try await withScriptedServer({ _ in .json(okta500Body, status: 503) }) { server, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.post(JSONValue.self, "/api/v1/mappings/prm1",
                                          json: ["properties": ["dialpadPhone": ["expression": "appuser.dialpadPhone"]]])
            }
            #expect(error.httpStatus == 503)
            #expect(error.code == .api)
            #expect(error.method == "POST")
            #expect(server.requestCount == 1)
            #expect(server.requests.first?.method == "POST")
            #expect(server.requests.first?.header("Content-Type") == "application/json")
        }
    }

    @Test("GET always 500 gives up after maxAttempts", arguments: [1, 3])
    func getGivesUp(maxAttempts: Int) async throws {
        let retry = RetryPolicy(maxAttempts: maxAttempts, maxRateLimitWaits: 2, baseBackoff: .milliseconds(5))
        try await withScriptedServer(retry: retry, { _ in .json(okta500Body, status: 500) }) { server, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.httpStatus == 500)
            #expect(error.errorCode == "E0000009")
            #expect(server.requestCount == maxAttempts)
        }
    }

    @Test("4xx other than 429 is not retried", arguments: [400, 401, 403, 404])
    func clientErrorsNotRetried(status: Int) async throws {
        try await withScriptedServer({ _ in .json(okta401Body, status: status) }) { server, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.httpStatus == status)
            #expect(server.requestCount == 1)
        }
    }

    @Test("a refused connection is a .network error naming the host")
    func connectionRefused() async throws {
        // Learn a free port, then close it.
        let server = try await ScriptServer.start { _ in .json("[]") }
        let base = server.baseURL
        await server.stop()
        // Every GET attempt is retried by our own loop, each failing at once (no silent pool reconnects).
        let client = try makeClient(base, retry: RetryPolicy(maxAttempts: 3, maxRateLimitWaits: 0, baseBackoff: .milliseconds(5)))
        let error = await #expect(throws: OktaError.self) {
            _ = try await client.get([OktaApp].self, "/api/v1/apps")
        }
        await client.shutdown()
        #expect(error?.code == .network)
        #expect(error?.problem == .connectionRefused(host: "127.0.0.1"), "\(error.map(String.init(describing:)) ?? "")")
        #expect(client.log.requestCount == 3)
        #expect(error.map(renderings)?.allSatisfy { !$0.contains(testToken) } == true)
    }

    // MARK: (g) bodies that are not Okta's

    @Test("an HTML error page is reported as not an Okta error")
    func htmlErrorPage() async throws {
        let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
        try await withScriptedServer({ _ in ScriptedReply(502, headers: [("Content-Type", "text/html")], body: html) }) { server, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.httpStatus == 502)
            #expect(error.problem == .notAnOktaAnswer(status: 502, body: .webPage))
            #expect(error.errorSummary == nil, "a gateway's page is never kept as Okta's words")
            #expect(error.errorCode == nil)
            #expect(server.requestCount == client.retry.maxAttempts) // 502 is transient for a GET
        }
    }

    @Test("a 200 with a truncated JSON body is a .decoding error")
    func truncatedJSON() async throws {
        try await withScriptedServer({ _ in .json(#"[{"id":"0oa1","label":"Dia"#, headers: [("X-Okta-Request-Id", "reqTrunc")]) }) { server, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.code == .decoding)
            #expect(error.httpStatus == 200)
            #expect(error.requestId == "reqTrunc")
            #expect(error.problem == .undecodableAnswer(html: false, summary: "not JSON, or cut short") && error.path == "/api/v1/apps")
            #expect(server.requestCount == 1)
        }
    }

    @Test("a 200 HTML page (captive portal) is a .decoding error naming HTML")
    func htmlWith200() async throws {
        try await withScriptedServer({ _ in ScriptedReply(200, headers: [("Content-Type", "text/html")], body: "<!DOCTYPE html><html>Sign in to Wi-Fi</html>") }) { _, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.code == .decoding)
            guard case .undecodableAnswer(html: true, _) = error.problem else { Issue.record("\(error.problem)"); return }
        }
    }

    @Test("a 200 JSON body of the wrong shape names the missing field")
    func wrongShape() async throws {
        try await withScriptedServer({ _ in .json(#"[{"label":"no id"}]"#) }) { _, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.code == .decoding)
            guard case .undecodableAnswer(html: false, let summary) = error.problem else { Issue.record("\(error.problem)"); return }
            #expect(summary.hasPrefix("missing ") && summary.hasSuffix(".id"), "\(summary)")
        }
    }

    // MARK: (h) Okta's errors

    @Test("403 insufficient_scope names the scope")
    func insufficientScope() async throws {
        try await withScriptedServer({ _ in
            ScriptedReply(403, headers: [("WWW-Authenticate", #"Bearer error="insufficient_scope", scope="okta.apps.read""#)], body: "")
        }) { _, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.httpStatus == 403)
            #expect(error.code == .api)
            #expect(error.problem == .missingScope(scope: "okta.apps.read"))
        }
    }

    @Test("403 without a scope challenge points at the admin role")
    func forbiddenRole() async throws {
        let body = #"{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action","errorCauses":[]}"#
        try await withScriptedServer({ _ in .json(body, status: 403) }) { _, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.errorCode == "E0000006")
            #expect(error.problem == .forbidden)
            #expect(error.errorSummary == "You do not have permission to perform the requested action")
        }
    }

    @Test("401 E0000011 keeps Okta's fields and the request id")
    func invalidToken() async throws {
        try await withScriptedServer({ _ in
            .json(okta401Body, status: 401, headers: [("X-Okta-Request-Id", "reqId-401-abc")])
        }) { server, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.code == .api)
            #expect(error.httpStatus == 401)
            #expect(error.errorCode == "E0000011")
            #expect(error.errorSummary == "Invalid token provided")
            #expect(error.requestId == "reqId-401-abc")
            #expect(error.problem == .credentialsRejected)
            #expect(error.description.contains("E0000011"))
            #expect(error.path == "/api/v1/apps")
            #expect(server.requestCount == 1)
        }
    }

    @Test("400 keeps errorCauses in the description")
    func validationCauses() async throws {
        let body = #"{"errorCode":"E0000001","errorSummary":"Api validation failed: updateMapping","errorCauses":[{"errorSummary":"Push status is allowed for profile mastering enabled apps only."}]}"#
        try await withScriptedServer({ _ in .json(body, status: 400) }) { _, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.post(JSONValue.self, "/api/v1/mappings/prm1", json: ["properties": [String: String]()])
            }
            #expect(error.errorCode == "E0000001")
            #expect(error.errorCauses.map(\.errorSummary) == ["Push status is allowed for profile mastering enabled apps only."])
            #expect(error.description.contains("Push status is allowed"))
        }
    }

    // MARK: (i) what goes on the wire

    @Test("requests carry exactly SSWS <token>, Accept: application/json and our User-Agent")
    func requestHeaders() async throws {
        try await withScriptedServer({ _ in .json(#"{"id":"x"}"#) }) { server, client in
            _ = try await client.get(OktaApp.self, "/api/v1/apps/x")
            _ = try await client.post(OktaApp.self, "/api/v1/apps/x", json: ["label": "y"])
            let requests = server.requests
            try #require(requests.count == 2)
            for request in requests {
                #expect(request.headerValues("Authorization") == ["SSWS \(testToken)"])
                #expect(request.headerValues("Accept") == ["application/json"])
                #expect(request.header("User-Agent")?.hasPrefix("dialpad-okta/") == true)
            }
            #expect(requests[0].method == "GET")
            #expect(requests[0].header("Content-Type") == nil)
            #expect(requests[1].method == "POST")
            #expect(requests[1].header("Content-Type") == "application/json")
        }
    }

    @Test("ids are one path segment: they cannot change the path")
    func idsAreEscaped() async throws {
        try await withScriptedServer({ _ in .json(#"{"id":"x"}"#) }) { server, client in
            _ = try await client.app(id: "../../meta/types/user/default")
            let path = try #require(server.requests.first?.path)
            #expect(path.hasPrefix("/api/v1/apps/"))
            #expect(path.split(separator: "/").count == 4, "got \(path)")
        }
    }

    // MARK: (j) the token never appears in an error

    enum Failure: String, CaseIterable, Sendable {
        case unauthorized, forbiddenScope, notFound, serverError, htmlPage, truncated, rateLimited, foreignNext
    }

    @Test("the token never appears in an error's description, message or hint", arguments: Failure.allCases)
    func tokenNeverInErrors(failure: Failure) async throws {
        try await withScriptedServer({ call in
            switch failure {
            case .unauthorized: return .json(okta401Body, status: 401)
            case .forbiddenScope:
                return ScriptedReply(403, headers: [("WWW-Authenticate", #"Bearer error="insufficient_scope", scope="okta.apps.read""#)], body: "")
            case .notFound: return .json(#"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: x (AppInstance)","errorCauses":[]}"#, status: 404)
            case .serverError: return .json(okta500Body, status: 500)
            case .htmlPage: return ScriptedReply(502, headers: [("Content-Type", "text/html")], body: "<html>Bad Gateway</html>")
            case .truncated: return .json(#"[{"id":"#)
            case .rateLimited: return .json(okta429Body, status: 429, headers: [("X-Rate-Limit-Reset", String(epochNow() - 30))])
            case .foreignNext: return .json("[]", headers: [("Link", "<http://localhost:\(call.port)/api/v1/apps?after=x>; rel=\"next\"")])
            }
        }) { _, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.all(OktaApp.self, "/api/v1/apps")
            }
            for text in renderings(error) {
                #expect(!text.contains(testToken))
                #expect(!text.contains("SECRETVALUE"))
            }
        }
    }

    enum Echo: String, CaseIterable, Sendable {
        case plainText, oktaSummary, oktaCause
    }

    @Test("an error body that echoes the Authorization header does not leak the token", arguments: Echo.allCases)
    func echoedTokenRedacted(echo: Echo) async throws {
        // A misdirected org URL can land on a proxy or debug page that reflects the request.
        try await withScriptedServer({ call in
            let auth = call.request.header("Authorization") ?? ""
            switch echo {
            case .plainText:
                return ScriptedReply(400, headers: [("Content-Type", "text/plain")], body: "Bad request. Authorization: \(auth)")
            case .oktaSummary:
                return .json(#"{"errorCode":"E0000001","errorSummary":"bad header \#(auth)","errorCauses":[]}"#, status: 400)
            case .oktaCause:
                return .json(#"{"errorCode":"E0000001","errorSummary":"x","errorCauses":[{"errorSummary":"got \#(auth)","reason":"\#(auth)"}]}"#, status: 400)
            }
        }) { _, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.httpStatus == 400)
            for text in renderings(error) + error.errorCauses.map({ "\($0.errorSummary) \($0.reason ?? "")" }) {
                #expect(!text.contains(testToken), "leaked in: \(text)")
            }
            if echo == .plainText {
                // A body that is not Okta's is never shown, redacted or not: only its kind.
                #expect(!renderings(error).contains { $0.contains("Authorization") }, "\(renderings(error))")
            } else {
                #expect(renderings(error).contains { $0.contains("SSWS <redacted>") })
            }
        }
    }

    @Test("a non-Okta error body cut mid-token does not leak a prefix of the token")
    func echoedTokenCutAtSnippetEnd() async throws {
        // The message keeps the first 120 bytes of the body; put the token across that boundary.
        let padding = String(repeating: ".", count: 100)
        try await withScriptedServer({ call in
            ScriptedReply(400, headers: [("Content-Type", "text/plain")],
                          body: padding + (call.request.header("Authorization") ?? "") + " trailing text")
        }) { _, client in
            let error = try await #require(throws: OktaError.self) {
                _ = try await client.get([OktaApp].self, "/api/v1/apps")
            }
            #expect(error.httpStatus == 400)
            let visiblePrefix = String(testToken.prefix(12)) // "00TestTok3n_"
            for text in renderings(error) { #expect(!text.contains(visiblePrefix), "\(text)") }
        }
    }

    // MARK: (k) read-only

    @Test("a read-only client refuses writes before the network", arguments: [HTTPMethodName.POST, .PUT, .DELETE])
    func readOnlyRefusesWrites(method: HTTPMethodName) async throws {
        try await withScriptedServer(readOnly: true, { _ in .json("{}") }) { server, client in
            let error = try await #require(throws: OktaError.self) {
                switch method {
                case .POST: _ = try await client.post(JSONValue.self, "/api/v1/meta/schemas/user/default", json: ["definitions": [String: String]()])
                case .PUT: _ = try await client.send(.PUT, url: client.url("/api/v1/apps/x"))
                case .DELETE: _ = try await client.send(.DELETE, url: client.url("/api/v1/apps/x"))
                }
            }
            #expect(error.code == .readOnly)
            #expect(error.problem == .readOnlyWrite(method: method.rawValue, path: error.path ?? ""))
            #expect(server.requestCount == 0)
            #expect(client.log.requestCount == 0)
        }
    }

    enum HTTPMethodName: String, Sendable { case POST, PUT, DELETE }

    @Test("a read-only client still reads")
    func readOnlyReads() async throws {
        try await withScriptedServer(readOnly: true, { _ in .json(#"{"id":"0oa1"}"#) }) { server, client in
            let app = try await client.app(id: "0oa1")
            #expect(app.id == "0oa1")
            #expect(server.requestCount == 1)
            #expect(client.log.writeCount == 0)
        }
    }

    // MARK: (l) pacing on low X-Rate-Limit-Remaining

    @Test("a nearly exhausted rate-limit window delays the next request")
    func pacesWhenRemainingIsLow() async throws {
        try await withScriptedServer({ _ in
            .json("[]", headers: [("X-Rate-Limit-Limit", "10"), ("X-Rate-Limit-Remaining", "1"),
                                  ("X-Rate-Limit-Reset", String(epochNow() + 3))])
        }) { server, client in
            _ = try await client.get([OktaApp].self, "/api/v1/apps")
            let start = ContinuousClock.now
            _ = try await client.get([OktaApp].self, "/api/v1/apps")
            let elapsed = seconds(since: start)
            // About 3 s remain and 1 request may still go: it is spread over half the rest.
            #expect(elapsed >= 0.7, "second request went after only \(elapsed) s")
            #expect(server.requestCount == 2)
        }
    }

    @Test("a window with plenty left does not delay, and another bucket is not paced")
    func doesNotPaceWithPlentyLeft() async throws {
        try await withScriptedServer({ call in
            let remaining = call.request.path == "/api/v1/apps" ? "1" : "900"
            return .json("[]", headers: [("X-Rate-Limit-Limit", "1000"), ("X-Rate-Limit-Remaining", remaining),
                                         ("X-Rate-Limit-Reset", String(epochNow() + 30))])
        }) { server, client in
            _ = try await client.get([OktaApp].self, "/api/v1/apps")          // /api/v1/apps bucket: nearly empty
            _ = try await client.get([ProfileMapping].self, "/api/v1/mappings") // /api/v1 bucket: plenty
            let start = ContinuousClock.now
            _ = try await client.get([ProfileMapping].self, "/api/v1/mappings")
            let elapsed = seconds(since: start)
            // Pacing this bucket would mean waiting toward its reset 30 s away.
            #expect(elapsed < 15, "an unrelated bucket was paced: \(elapsed) s")
            #expect(server.requestCount == 3)
        }
    }
}
