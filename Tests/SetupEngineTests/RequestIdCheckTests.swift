import Foundation
import Logging
import OktaClient
@testable import SetupEngine
import Testing

/// An org that acknowledges every request, with the X-Okta-Request-Id it is given: a server
/// that echoes the Authorization header into it is the hostile case.
final class EchoingOrg: OktaTransport, @unchecked Sendable {
    let requestId: (_ authorization: String) -> String

    init(requestId: @escaping (_ authorization: String) -> String) { self.requestId = requestId }

    func exchange(_ method: String, url: URL, headers: [(String, String)], body: Data?, attempt: Int,
                  log: RequestLog, logger: Logger, limits: RetryPolicy) async -> Result<OktaResponse, OktaError> {
        let authorization = headers.first { $0.0 == "Authorization" }?.1 ?? ""
        return .success(OktaResponse(status: 200, headers: [("Content-Type", "application/json"), ("X-Okta-Request-Id", requestId(authorization))],
                                     body: Data("{}".utf8)))
    }
}

/// Issue 21 §2: the request id of a successful write is the checked one, in the journal and
/// everything read from it.
@Suite struct RequestIdCheckTests {
    static let token = "00EchoedTok3n_abcdefghijklmnopqrstuvwxyz12"

    @Test("a write's request id that echoes the credential is not kept", arguments: [true, false])
    func deliveredWriteKeepsNoEcho(withScheme: Bool) async throws {
        let org = EchoingOrg { withScheme ? $0 : $0.replacingOccurrences(of: "SSWS ", with: "") }
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: "https://acme.okta.com"), token: Secret(Self.token)),
                                readOnly: false, transport: org)
        let executor = Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL()))
        let (write, observation) = try ExecutorLogicTests.oktaAttributeWrite()
        let delivery = try await executor.deliver(write, in: observation)
        #expect(delivery.requestId == nil)
        await client.shutdown()
    }

    @Test func aWriteShapedLikeOktasKeepsItsRequestId() async throws {
        let org = EchoingOrg { _ in "XbNrPYpDT5w8S1EvIYNKbwAAAaw" }
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: "https://acme.okta.com"), token: Secret(Self.token)),
                                readOnly: false, transport: org)
        let executor = Executor(client: client, store: JournalStore(url: ExecutorTests.stateURL()))
        let (write, observation) = try ExecutorLogicTests.oktaAttributeWrite()
        #expect(try await executor.deliver(write, in: observation).requestId == "XbNrPYpDT5w8S1EvIYNKbwAAAaw")
        await client.shutdown()
    }

    @Test func aJournalIsCheckedAgainWhenLoaded() throws {
        let url = ExecutorTests.stateURL()
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let store = JournalStore(url: url)
        var journal = Journal(org: "https://acme.okta.com", appId: nil)
        let (write, _) = try ExecutorLogicTests.oktaAttributeWrite()
        let entry = Journal.Entry(step: write.step, method: "POST", path: write.path, body: .object([:]), before: .null, after: nil,
                                  outcome: .rolledBack, message: nil, at: "2026-01-15T10:00:00Z", requestId: "SSWS \(Self.token)",
                                  rolledBackAt: "2026-01-15T10:05:00Z", rollbackRequestId: "\u{1B}]0;x\u{07}")
        journal.entries = [entry, entry]
        journal.entries[1].requestId = "XbNrPYpDT5w8S1EvIYNKbwAAAaw"
        try store.save(journal)
        let loaded = try #require(try store.load())
        #expect(loaded.entries.map(\.requestId) == [nil, "XbNrPYpDT5w8S1EvIYNKbwAAAaw"])
        #expect(loaded.entries.map(\.rollbackRequestId) == [nil, nil])
    }
}
