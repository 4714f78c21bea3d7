import Foundation
import Logging
@testable import OktaClient
import Testing

/// The second attack on support bundles (issue 24, /work/notes/attack-bundles-2.md): the
/// recorder's file layout, its cap, re-reads recorded once, and its work off the request's path.
@Suite struct SupportBundleRecorderAttack2Tests {
    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bundle2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }

    static func recorder(_ path: String) throws -> SupportRecorder {
        SupportRecorder(path: path, arguments: ["inspect"], product: "test", org: try OrgURL(validating: "https://acme.okta.com"))
    }

    static func apps(_ count: Int, label: String = "Dialpad") -> Data {
        let apps = (0..<count).map { #"{"id":"0oa\#(String(format: "%017d", $0))","name":"app\#($0)","label":"\#(label) \#($0)","status":"ACTIVE"}"# }
        return Data(("[" + apps.joined(separator: ",") + "]").utf8)
    }

    static func read(_ recorder: SupportRecorder, _ body: Data, path: String = "/api/v1/apps") {
        recorder.record(method: "GET", url: URL(string: "https://acme.okta.com" + path)!, requestBody: nil, started: Date(),
                        outcome: .success(OktaResponse(status: 200, headers: [], body: body)), redactor: Redactor())
    }

    static func document(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    // MARK: 1. A bundle of any size is known as one by its start

    @Test func aBundleOverFourKilobytesCanBeReplacedByTheNextRun() throws {
        let file = try Self.folder() + "/same.json"
        let first = try Self.recorder(file)
        Self.read(first, Self.apps(200))
        #expect(first.write() == nil)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        #expect(size > 4096)
        try SupportRecorder.checkDestination(file)
        let second = try Self.recorder(file)
        Self.read(second, Self.apps(3))
        #expect(second.write() == nil)
        #expect((try Self.document(file)["exchanges"] as? [Any])?.count == 1)
    }

    /// Bundles written before `format` came first (sorted keys) are still earlier bundles.
    @Test func aBundleOfTheEarlierLayoutCanBeReplacedToo() throws {
        let file = try Self.folder() + "/old.json"
        let exchanges = (0..<100).map { #"{"method":"GET","path":"/api/v1/apps/0oa\#($0)","status":200}"# }.joined(separator: ",\n")
        try Data(#"{"exchanges":[\#(exchanges)],"format":"\#(SupportBundle.format)","header":{},"version":1}"#.utf8).write(to: URL(fileURLWithPath: file))
        try SupportRecorder.checkDestination(file)
        let recorder = try Self.recorder(file)
        #expect(recorder.write() == nil)
    }

    // MARK: 2. The cap counts what is written; an unchanged re-read is recorded once

    @Test func theBytesCountedAreTheBytesWritten() throws {
        let folder = try Self.folder()
        let empty = try Self.recorder(folder + "/empty.json")
        #expect(empty.write() == nil)
        let recorder = try Self.recorder(folder + "/full.json")
        for index in 0..<5 { Self.read(recorder, Self.apps(50 + index)) }
        #expect(recorder.write() == nil)
        let sizes = try [folder + "/empty.json", folder + "/full.json"].map {
            try #require(try FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int)
        }
        let counted = recorder.state.withLock { $0.bytes }
        // Each exchange is counted with the `,\n` after it; the empty `[]` becomes `[\n … \n  ]`:
        // one separator fewer, and two bytes of layout around the exchanges.
        #expect(sizes[1] - sizes[0] == counted + 2, "counted \(counted), written \(sizes[1] - sizes[0])")
        _ = try Self.document(folder + "/full.json")
    }

    @Test func anUnchangedReReadIsRecordedAsAReferenceAndAChangedOneInFull() throws {
        let file = try Self.folder() + "/reread.json"
        let recorder = try Self.recorder(file)
        Self.read(recorder, Self.apps(20))
        Self.read(recorder, Self.apps(20))
        Self.read(recorder, Self.apps(21))
        Self.read(recorder, Self.apps(20))
        #expect(recorder.write() == nil)
        let exchanges = try #require(try Self.document(file)["exchanges"] as? [[String: Any]])
        #expect(exchanges.count == 4, "every exchange is still there, in order")
        #expect(exchanges.map { $0["body"] != nil } == [true, false, true, false])
        #expect(exchanges.map { $0["sameAs"] as? Int } == [nil, 0, nil, 0])
    }

    // MARK: 3. The recorder's work is off the request's path, and linear

    @Test func twentyThousandAddressesInOneLabelAreRecordedInBoundedTime() throws {
        let file = try Self.folder() + "/big.json"
        let recorder = try Self.recorder(file)
        let label = String(repeating: "a@b.cc ", count: 20_000)
        let started = ContinuousClock.now
        Self.read(recorder, Data(#"[{"id":"0oa00000000000000001","name":"workday","label":"\#(label)","status":"ACTIVE"}]"#.utf8))
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(5), "\(elapsed)")
        #expect(recorder.write() == nil)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains("a@b.cc"))
    }

    struct Answering: OktaTransport {
        let body: Data
        func exchange(_ method: String, url: URL, headers: [(String, String)], body: Data?, attempt: Int,
                      log: RequestLog, logger: Logger, limits: RetryPolicy) async -> Result<OktaResponse, OktaError> {
            .success(OktaResponse(status: 200, headers: [], body: self.body))
        }
    }

    @Test func theAnswerIsHandedBackBeforeItIsRecorded() async throws {
        let file = try Self.folder() + "/queue.json"
        let recorder = try Self.recorder(file)
        let transport = RecordingTransport(inner: Answering(body: Self.apps(5)), recorder: recorder, redactor: Redactor())
        // The recorder's queue held: an answer that waited for its recording would never come.
        recorder.queue.suspend()
        let outcome = await transport.exchange("GET", url: URL(string: "https://acme.okta.com/api/v1/apps")!, headers: [], body: nil, attempt: 1,
                                               log: RequestLog(), logger: Logger(label: "test"), limits: fastRetry)
        #expect((try? outcome.get())?.status == 200)
        #expect(recorder.state.withLock { $0.exchanges.count } == 0)
        recorder.queue.resume()
        #expect(recorder.write() == nil)
        #expect((try Self.document(file)["exchanges"] as? [Any])?.count == 1)
    }

    @Test func anExchangePastTheCapIsLeftOutBeforeAnyWork() async throws {
        let file = try Self.folder() + "/cap.json"
        let recorder = try Self.recorder(file)
        recorder.state.withLock { $0.dropped = 1 }
        let transport = RecordingTransport(inner: Answering(body: Self.apps(5)), recorder: recorder, redactor: Redactor())
        recorder.queue.suspend()
        _ = await transport.exchange("GET", url: URL(string: "https://acme.okta.com/api/v1/apps")!, headers: [], body: nil, attempt: 1,
                                     log: RequestLog(), logger: Logger(label: "test"), limits: fastRetry)
        // Counted at once, with nothing handed to the queue.
        #expect(recorder.state.withLock { ($0.dropped, $0.pending) } == (2, 0))
        recorder.queue.resume()
    }

    // MARK: 5. What bundle check missed

    static func bundle(exchange: String) -> String {
        #"{"format":"dialpad-okta-support-bundle","version":1,"header":{},"exchanges":[\#(exchange)]}"#
    }

    @Test(arguments: [
        bundle(exchange: #"{"path":"/api/v1/apps","body":[{"label":"Dialpad","label":"kimiko.tanaka@acme-corp.co.jp"}]}"#),
        bundle(exchange: #"{"path":"/api/v1/users","body":[{"id":"00u1","profile":{"phone":819012345678}}]}"#),
        bundle(exchange: #"{"path":"/api/v1/apps","body":[{"label":"call 090.1234.5678"}]}"#),
        bundle(exchange: #"{"path":"/api/v1/apps","body":[{"label":"call 819012345678"}]}"#),
        bundle(exchange: #"{"path":"/api/v1/apps","body":[{"label":"kim\u200b@acme-corp.co.jp"}]}"#),
        bundle(exchange: #"{"path":"/api/v1/apps","body":[{"label":"kim@acme\u00adcorp.co.jp"}]}"#),
    ])
    func whatTheSecondAttackHidFromBundleCheckIsFound(text: String) throws {
        let file = try Self.folder() + "/hidden.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        let inspection = try SupportBundle.inspect(path: file, secrets: [], hosts: [])
        #expect(!inspection.findings.isEmpty, "\(text)")
    }

    // MARK: 6. from-vcr

    @Test func aBinaryCassetteIsSaidToBeNotTextNotTooLarge() throws {
        let folder = try Self.folder()
        try Data([0xFF, 0xFE, 0x00, 0xC3, 0x28]).write(to: URL(fileURLWithPath: folder + "/bin.yaml"))
        #expect(throws: SupportBundle.VCRError(path: folder + "/bin.yaml", reason: "is not UTF-8 text")) {
            try SupportBundle.fromVCR(cassettes: [folder + "/bin.yaml"], to: folder + "/o.json", product: "test")
        }
    }

    @Test func aCassetteOfTwoOrgsIsRefusedSoNoSecondHostStays() throws {
        let folder = try Self.folder()
        func interaction(_ host: String) -> String {
            """
              - request:
                  url: https://\(host)/api/v1/apps
                  method: GET
                  body: ""
                response:
                  code: 200
                  headers: {}
                  body: '[{"id":"0oa00000000000000001","label":"at \(host)"}]'
            """
        }
        // The same cassette of one org is read: the refusal is for the second org, not the YAML.
        try Data(("interactions:\n" + interaction("acme.okta.com") + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/one.yaml"))
        try SupportBundle.fromVCR(cassettes: [folder + "/one.yaml"], to: folder + "/one.json", product: "test")
        let yaml = "interactions:\n" + interaction("acme.okta.com") + "\n" + interaction("other-org.example.net") + "\n"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder + "/two.yaml"))
        #expect(throws: SupportBundle.VCRError.self) {
            try SupportBundle.fromVCR(cassettes: [folder + "/two.yaml"], to: folder + "/o.json", product: "test")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/o.json"))
    }

    // MARK: 6. The org's id

    @Test func theOrgsIdIsReplacedByAFakeOfItsShape() throws {
        let file = try Self.folder() + "/org.json"
        let recorder = try Self.recorder(file)
        Self.read(recorder, Data(#"{"id":"00o1abcdEFGH23456789","pipeline":"idx","_links":{}}"#.utf8), path: "/.well-known/okta-organization")
        #expect(recorder.write() == nil)
        #expect(try !String(contentsOfFile: file, encoding: .utf8).contains("00o1abcdEFGH23456789"))
        let exchange = try #require((try Self.document(file)["exchanges"] as? [[String: Any]])?.first)
        let id = try #require((exchange["body"] as? [String: Any])?["id"] as? String)
        #expect(id.hasPrefix("00o") && id.count == 20)
    }

    // MARK: 4. A signal's bundle says it is cut short

    @Test func aBundleWrittenOnASignalIsMarkedInterrupted() throws {
        let file = try Self.folder() + "/signal.json"
        let recorder = try Self.recorder(file)
        Self.read(recorder, Self.apps(2))
        #expect(recorder.write(interrupted: true) == nil)
        let header = try #require(try Self.document(file)["header"] as? [String: Any])
        #expect(header["interrupted"] as? Bool == true)
    }
}
