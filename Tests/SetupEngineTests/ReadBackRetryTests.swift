import Foundation
import Logging
import OktaClient
import OktaSimulator
import SetupEngine
import Synchronization
import Testing

/// Re-attack of issue 23, N9: a read-back is a read, safe to repeat. A gateway failing it for
/// a while (more often than the client's own retries of one GET) does not end the run; only a
/// read-back that fails past the run's patience does, as a passing failure.
@Suite struct ReadBackRetryTests {
    static let gatewayPage = Data("<!DOCTYPE html><html><head><title>504 Gateway Time-out</title></head><body><h1>Gateway Time-out</h1></body></html>".utf8)
    static let userSchema = "/api/v1/meta/schemas/user/default"

    /// The simulator behind a gateway that answers the next `failing` GETs of the Okta user
    /// schema with its 504 page once the schema's write was acknowledged.
    final class GatewayAfterWrite: OktaTransport {
        let inner: OktaClient
        let failing: Int
        /// The write's own answer is lost too: the gateway answers it with its page once Okta applied it.
        let losesWriteAnswer: Bool
        let state = Mutex((written: false, failed: 0))
        init(_ inner: OktaClient, failing: Int, losesWriteAnswer: Bool = false) {
            self.inner = inner
            self.failing = failing
            self.losesWriteAnswer = losesWriteAnswer
        }

        var failed: Int { state.withLock { $0.failed } }

        func exchange(_ method: String, url: URL, headers: [(String, String)], body: Data?, attempt: Int,
                      log: RequestLog, logger: Logger, limits: RetryPolicy) async -> Result<OktaResponse, OktaError> {
            let fails = state.withLock { state in
                guard method == "GET", url.path == ReadBackRetryTests.userSchema, state.written, state.failed < failing else { return false }
                state.failed += 1
                return true
            }
            if fails { return .success(OktaResponse(status: 504, headers: [("Content-Type", "text/html")], body: ReadBackRetryTests.gatewayPage)) }
            do {
                let response = try await inner.send(method: method, url: url, body: body)
                if method == "POST", url.path == ReadBackRetryTests.userSchema {
                    let first = state.withLock { state in
                        defer { state.written = true }
                        return !state.written
                    }
                    if first && losesWriteAnswer {
                        return .success(OktaResponse(status: 504, headers: [("Content-Type", "text/html")], body: ReadBackRetryTests.gatewayPage))
                    }
                }
                return .success(response)
            } catch let error as OktaError {
                return .failure(error)
            } catch {
                return .failure(OktaError(code: .network, problem: .connectionClosed(host: url.host ?? "")))
            }
        }
    }

    static func run(failing: Int, patience: Duration, losesWriteAnswer: Bool = false) async throws -> (Result<ApplyResult, any Error>, failed: Int) {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        let inner = OktaClient(configuration: configuration, readOnly: false)
        let gateway = GatewayAfterWrite(inner, failing: failing, losesWriteAnswer: losesWriteAnswer)
        let client = OktaClient(configuration: configuration, readOnly: false, retry: RetryPolicy(baseBackoff: .milliseconds(1)), transport: gateway)
        var executor = Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL()))
        executor.readBackPatience = patience
        let result: Result<ApplyResult, any Error>
        do { result = .success(try await executor.apply(appId: nil, planWasShown: false)) } catch { result = .failure(error) }
        await client.shutdown()
        await inner.shutdown()
        await simulator.shutdown()
        return (result, gateway.failed)
    }

    @Test func aReadBackFailedByAGatewayMoreOftenThanTheClientRetriesIsReadAgain() async throws {
        let failing = RetryPolicy.default.maxAttempts + 2
        let (result, failed) = try await Self.run(failing: failing, patience: .seconds(120))
        #expect(failed == failing, "the gateway failed the read-back more often than one GET is retried")
        let applied = try result.get()
        #expect(applied.writes.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
        #expect(applied.writes.allSatisfy { $0.outcome == .done })
    }

    /// The write's answer lost (a 504 after Okta applied it), then the read that says whether it
    /// landed failed by the gateway too: read again, it shows the write, which is not sent twice.
    @Test func aLostWriteAnswersReadIsReadAgainAndTheWriteIsNotSentTwice() async throws {
        let failing = RetryPolicy.default.maxAttempts + 2
        let (result, failed) = try await Self.run(failing: failing, patience: .seconds(120), losesWriteAnswer: true)
        #expect(failed == failing)
        let applied = try result.get()
        #expect(applied.writes.map(\.step) == [.oktaAttribute, .appAttribute, .mapping])
        #expect(applied.writes.allSatisfy { $0.outcome == .done })
    }

    @Test func aReadBackThatKeepsFailingEndsAsAPassingFailureOnceThePatienceIsSpent() async throws {
        let (result, failed) = try await Self.run(failing: .max, patience: .seconds(1))
        #expect(failed > RetryPolicy.default.maxAttempts, "read again after the client's own retries")
        guard case .failure(let error) = result else { Issue.record("the run went through a gateway that never answers"); return }
        let unsettled = try #require(error as? UnsettledWrite, "\(error)")
        #expect(unsettled.step == .oktaAttribute)
        #expect((unsettled.cause as? OktaError)?.passingFailure == .serverFailing(status: 504))
    }
}
