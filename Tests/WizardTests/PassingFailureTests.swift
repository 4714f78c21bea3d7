import Foundation
import Logging
@testable import OktaClient
import OktaSimulator
import SetupEngine
import Synchronization
import Testing
import TerminalUI
@testable import Wizard

/// The attack on issue 23, item 16: a passing 5xx (Okta's or a gateway's page) is the org or
/// a proxy failing for now, not a wrong org URL; a background refresh that meets one keeps the
/// org last read and says so on the status line, without a modal.
@Suite struct PassingFailureTests {
    static let clock: @Sendable () -> (String, Double) = { ("09:00:00", Date().timeIntervalSince1970) }
    static let gatewayPage = Data("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>".utf8)

    @Test(arguments: [500, 502, 503, 504])
    func aServerErrorPageIsAPassingFailureWithItsOwnHint(status: Int) {
        let passing = OktaError.fromResponse(status: status, body: Self.gatewayPage, headers: [], method: "GET", path: "/api/v1/idps")
        let okta = OktaError.fromResponse(status: status, body: Data(#"{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorCauses":[]}"#.utf8),
                                          headers: [], method: "GET", path: "/api/v1/idps")
        // An HTML page that is not a 5xx may well be a wrong URL (a portal, a proxy's own page).
        let elsewhere = OktaError.fromResponse(status: 418, body: Self.gatewayPage, headers: [], method: "GET", path: "/api/v1/idps")
        #expect(passing.passingFailure == .serverFailing(status: status))
        #expect(okta.passingFailure == .serverFailing(status: status))
        #expect(elsewhere.passingFailure == nil)
        for language in [Language.en, .ja] {
            let text = ErrorText(language)
            let hint = text.report(passing).hint
            #expect(hint != nil && hint != text.report(elsewhere).hint, "a 5xx does not send the admin to the org URL")
            #expect(text.report(okta).hint == hint, "Okta's own 5xx is the same passing failure")
        }
    }

    /// Passes every exchange to the simulator until `failing` is set; then answers each with a
    /// gateway's 502 page, as a proxy in front of a struggling org does.
    final class FlakyGateway: OktaTransport {
        let inner: OktaClient
        let failing = Mutex(false)
        let failedAnswers = Mutex(0)
        init(_ inner: OktaClient) { self.inner = inner }

        func exchange(_ method: String, url: URL, headers: [(String, String)], body: Data?, attempt: Int,
                      log: RequestLog, logger: Logger, limits: RetryPolicy) async -> Result<OktaResponse, OktaError> {
            if failing.withLock({ $0 }) {
                failedAnswers.withLock { $0 += 1 }
                return .success(OktaResponse(status: 502, headers: [("Content-Type", "text/html")], body: PassingFailureTests.gatewayPage))
            }
            do { return .success(try await inner.send(method: method, url: url, body: body)) } catch let error as OktaError {
                return .failure(error)
            } catch {
                return .failure(OktaError(code: .network, problem: .connectionClosed(host: url.host ?? "")))
            }
        }
    }

    @Test func aRefreshAnsweredWithA502KeepsTheOrgAndSaysSoOnTheStatusLine() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let inner = try Fixtures.client(simulator)
        let gateway = FlakyGateway(inner)
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        let client = OktaClient(configuration: configuration, readOnly: false, retry: RetryPolicy(baseBackoff: .milliseconds(1)), transport: gateway)
        let store = Fixtures.temporaryJournal()
        let services = WizardServices(makeClient: { _, _, _ in client }, makeStore: { _ in store })
        let engine = WizardEngine(services: services, mode: .setup, strings: .for(.en), post: { _ in })
        var state = WizardState(mode: .setup, language: .en, theme: Theme(colour: false), size: Size(width: 100, height: 30))
        if let connected = await engine.perform(.connect(org: "", token: nil), clock: Self.clock) {
            _ = update(&state, connected)
            let shown = state.observation
            #expect(shown != nil)
            gateway.failing.withLock { $0 = true }
            state.observing = true
            let event = try #require(await engine.perform(.observe, clock: Self.clock))
            _ = update(&state, event)
            #expect(gateway.failedAnswers.withLock { $0 } >= RetryPolicy.default.maxAttempts, "the read was tried again before it failed")
            #expect(state.modal == nil, "no modal for a passing failure of a refresh")
            #expect(state.notice == .refreshFailed(.serverFailing(status: 502), shownAsOf: "09:00:00"))
            #expect(state.observation == shown, "the org last read stays on screen")
            #expect(!state.observing)
            for language in [Language.en, .ja] {
                #expect(!Strings.for(language).notice(try #require(state.notice)).isEmpty)
            }
        } else {
            Issue.record("no connection")
        }
        await engine.shutdown()
        await client.shutdown()
        await inner.shutdown()
        await simulator.shutdown()
    }
}
