import Foundation
import Testing
import TestSupport
@testable import OktaClient

/// A token shaped like a real one; tests check it never shows up in an error.
let testToken = "00TestTok3n_SECRETVALUE-abcdefghijklmnopqrstuv"

let fastRetry = RetryPolicy(maxAttempts: 3, maxRateLimitWaits: 2, baseBackoff: .milliseconds(20))

func makeClient(_ baseURL: String, token: String = testToken, readOnly: Bool = false,
                retry: RetryPolicy = fastRetry) throws -> OktaClient {
    OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: baseURL), token: Secret(token)),
               readOnly: readOnly, retry: retry)
}

/// Runs `body` against a scripted server and a client pointed at it; always shuts both down.
func withScriptedServer<T>(readOnly: Bool = false, retry: RetryPolicy = fastRetry,
                           _ script: @escaping ScriptServer.Script,
                           _ body: (ScriptServer, OktaClient) async throws -> T) async throws -> T {
    let server = try await ScriptServer.start(script)
    let client: OktaClient
    do { client = try makeClient(server.baseURL, readOnly: readOnly, retry: retry) } catch {
        await server.stop()
        throw error
    }
    do {
        let result = try await body(server, client)
        await client.shutdown()
        await server.stop()
        return result
    } catch {
        await client.shutdown()
        await server.stop()
        throw error
    }
}

/// Seconds since `start`, as a Double.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Current Unix time in whole seconds.
func epochNow() -> Int { Int(Date().timeIntervalSince1970) }

/// An RFC 7231 date for a `Date` header.
func httpDate(_ date: Date = Date()) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    return formatter.string(from: date)
}

/// Every human-readable rendering of an error, for leak checks.
func renderings(_ error: OktaError) -> [String] {
    var dumped = ""
    dump(error, to: &dumped)
    return [error.description, error.errorSummary ?? "", "\(error.problem)",
            String(describing: error), String(reflecting: error), "\(error)", dumped]
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("okta-client-tests-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
