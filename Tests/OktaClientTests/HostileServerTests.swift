import Foundation
import Logging
import Synchronization
import Testing
import TestSupport
@testable import OktaClient

/// Issue 16: what a server that is not Okta (or a broken proxy in front of it) may do, and
/// that none of it hangs a run or gets the token printed.
@Suite struct HostileServerTests {
    /// Deadlines short enough for a test; the defaults are 60 s and 1 KB/s after 10 s.
    static let shortDeadlines = RetryPolicy(maxAttempts: 3, maxRateLimitWaits: 2, baseBackoff: .milliseconds(20),
                                            exchangeDeadline: .seconds(4), minimumBytesPerSecond: 1024, slowBodyGrace: .seconds(1))

    @Test("a body that trickles a byte at a time is stopped, and not asked for again")
    func tricklingBody() async throws {
        let body = "[" + String(repeating: " ", count: 5_000) + "]"
        try await withScriptedServer(retry: Self.shortDeadlines, { _ in ScriptedReply(200, headers: [("Content-Type", "application/json")], body: body, trickle: .milliseconds(100)) }) { server, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.mappings() }
            #expect(error.code == .network)
            // Too slow, or past the exchange's deadline on a loaded machine: either way not a plain timeout.
            guard case .slowAnswer(let host, _, _, _) = error.problem else { Issue.record("\(error.problem)"); return }
            #expect(host == "127.0.0.1")
            #expect(server.requestCount == 1, "a server too slow once is not asked again")
        }
    }

    @Test("a body that stalls after the headers ends at the exchange's deadline")
    func stalledBody() async throws {
        let policy = RetryPolicy(maxAttempts: 3, maxRateLimitWaits: 2, baseBackoff: .milliseconds(20),
                                 exchangeDeadline: .seconds(2), minimumBytesPerSecond: 1, slowBodyGrace: .seconds(60))
        try await withScriptedServer(retry: policy, { _ in ScriptedReply(200, body: "[ ]", trickle: .seconds(30)) }) { server, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.mappings() }
            // "did not finish" when the headers came in time; on a loaded machine the deadline may pass before them.
            switch error.problem {
            case .timeout(let host), .slowAnswer(let host, _, _, true): #expect(host == "127.0.0.1")
            default: Issue.record("\(error.problem)")
            }
            // Never sent again; on a loaded machine the deadline can pass before the server counted the first.
            #expect(server.requestCount <= 1)
        }
    }

    @Test("a next-page link that loops is refused at its second sight")
    func loopingCursor() async throws {
        try await withScriptedServer({ call in
            .json("[]", headers: [("Link", "<\(call.baseURL)/api/v1/mappings?after=same&limit=200>; rel=\"next\"")])
        }) { server, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.mappings() }
            #expect(error.problem == .pagingLoop(path: "/api/v1/mappings"))
            #expect(server.requestCount == 2)
        }
    }

    @Test("a request id that echoes the Authorization header is not shown, and the token is in no rendering",
          arguments: ["SSWS \(testToken)", testToken, "\u{1B}]0;pwned\u{07}", String(repeating: "a", count: 200)])
    func echoedRequestId(echo: String) async throws {
        try await withScriptedServer({ call in
            let value = echo == testToken ? (call.request.header("Authorization") ?? "").replacingOccurrences(of: "SSWS ", with: "") : echo
            return .json(#"{"errorCode":"E0000006","errorSummary":"You do not have permission"}"#, status: 403,
                         headers: [("X-Okta-Request-Id", value)])
        }) { _, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.defaultUserType() }
            #expect(error.httpStatus == 403)
            #expect(error.requestId == nil)
            #expect(renderings(error).allSatisfy { !$0.contains(testToken) })
        }
    }

    @Test("a request id shaped like Okta's is kept")
    func realRequestId() async throws {
        try await withScriptedServer({ _ in
            .json(#"{"errorCode":"E0000006","errorSummary":"x"}"#, status: 403, headers: [("X-Okta-Request-Id", "XbNrPYpDT5w8S1EvIYNKbwAAAaw")])
        }) { _, client in
            let error = try await #require(throws: OktaError.self) { _ = try await client.defaultUserType() }
            #expect(error.requestId == "XbNrPYpDT5w8S1EvIYNKbwAAAaw")
        }
    }
}

@Suite struct PathEscapingTests {
    @Test("an id with characters outside [A-Za-z0-9] is escaped once, never twice", arguments: [
        ("0oa/../users", "/api/v1/apps/0oa%2F%2E%2E%2Fusers"),
        ("0oa%41", "/api/v1/apps/0oa%2541"),
        ("0oa?x=1", "/api/v1/apps/0oa%3Fx%3D1"),
    ])
    func escapedOnce(id: String, path: String) async throws {
        try await withScriptedServer({ _ in .json(#"{"id":"0oa1"}"#) }) { server, client in
            _ = try await client.app(id: id)
            #expect(server.requests.first?.path == path)
        }
    }
}

/// Issue 16: a wait for Okta's rate limit is said as it starts, not suffered in silence.
@Suite struct RateLimitWaitTests {
    final class Collected: LogHandler, @unchecked Sendable {
        let lines = Mutex<[(Logger.Level, String)]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .warning
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            lines.withLock { $0.append((level, message.description)) }
        }
    }

    @Test("a 429 whose reset is five seconds away is announced at warning level, then the request succeeds")
    func announced() async throws {
        let collected = Collected()
        let logger = Logger(label: "test") { _ in collected }
        let server = try await ScriptServer.start { call in
            if call.index == 0 {
                return .json(#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#, status: 429,
                             headers: [("X-Rate-Limit-Limit", "100"), ("X-Rate-Limit-Remaining", "0"),
                                       ("X-Rate-Limit-Reset", String(Int(Date().timeIntervalSince1970) + 5))])
            }
            return .json("[]")
        }
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: server.baseURL), token: Secret(testToken)),
                                readOnly: true, retry: fastRetry, logger: logger)
        _ = try await client.mappings()
        await client.shutdown()
        await server.stop()
        let warnings = collected.lines.withLock { $0 }.filter { $0.0 == .warning }
        #expect(warnings.contains { $0.1.contains("waiting") && $0.1.contains("429") }, "\(warnings)")
    }
}
