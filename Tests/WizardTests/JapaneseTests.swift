import Foundation
@testable import OktaClient
@testable import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// The Japanese wizard shows no English sentence: only the procedure's literal values
/// (attribute names, expressions, JSON, paths, methods) and Okta's codes stay as they are.
@Suite struct JapaneseTests {
    static let ja = Strings.for(.ja)

    static func oktaAnswer(_ status: Int, _ body: String, headers: [(String, String)] = [], method: String = "GET",
                           path: String = "/api/v1/meta/schemas/user/default") -> OktaError {
        OktaError.fromResponse(status: status, body: Data(body.utf8), headers: [("X-Okta-Request-Id", "reqAbC123xyz")] + headers,
                               method: method, path: path)
    }

    static let invalidToken = oktaAnswer(401, #"{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorCauses":[]}"#)

    /// Runs of four or more plain English words in a line. A word is letters only (an
    /// initial capital at most, an apostrophe inside), with brackets or punctuation around
    /// it; so attribute names (dialpadPhone), ids, paths, JSON (quoted) and hyphenated values
    /// (dialpad-okta, okta-attribute) never count as words, and neither do frame borders.
    static func englishRuns(in line: String) -> [String] {
        let word = #/^[(「]?[A-Za-z][a-z]*(?:'[a-z]+)?[)」,.;:!?]*$/#
        var runs: [String] = [], run: [Substring] = []
        let tokens: [Substring] = line.split(whereSeparator: \.isWhitespace) + [""]
        for token in tokens {
            if token.wholeMatch(of: word) != nil {
                run.append(token)
            } else {
                if run.count >= 4 { runs.append(run.joined(separator: " ")) }
                run = []
            }
        }
        return runs
    }

    static func hasJapanese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }
    }

    @Test func theEnglishDetectorCatchesSentencesAndSparesLiteralValues() {
        #expect(!Self.englishRuns(in: #"│ │   Phone") to the Okta user profile.        │"#).isEmpty)
        #expect(!Self.englishRuns(in: "│ ✗ https://acme-admin.okta.com is the Admin Console's         │").isEmpty)
        #expect(!Self.englishRuns(in: "hint: The API token is wrong, expired or revoked.").isEmpty)
        for literal in ["│ 手順の値      type = string", #"  "title": "Dialpad Phone","#, "dialpadPhone = appuser.dialpadPhone",
                        "2026-11-23T09:14:02Z  okta-attribute  POST /api/v1/meta/schemas/user/oscbIy714FZNBFJOnVy6  完了",
                        "master.priority = APP 0oaOjMqNowS6JZTZPspC", " Tab 移動  Enter 選択  Esc キャンセル"] {
            #expect(Self.englishRuns(in: literal).isEmpty, "\(literal)")
        }
    }

    @Test func noJapaneseGoldenFrameHasAnEnglishSentence() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Golden.directory, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.contains(".ja.") }
        #expect(files.count >= SnapshotTests.cases.count * 3 - 2)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "--- styles ---")[0]
            for (number, line) in text.split(separator: "\n").enumerated() {
                let runs = Self.englishRuns(in: String(line))
                #expect(runs.isEmpty, "\(file.lastPathComponent):\(number + 1): \(runs)")
            }
        }
    }

    @Test func theConnectScreenSaysAnAdminURLIsWrongInJapanese() {
        var state = WizardState(mode: .setup, language: .ja, theme: Theme(colour: false), size: Size(width: 80, height: 24))
        state.orgField = TextField(value: "https://acme-admin.okta.com")
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        let screen = buffer.lines.joined()
        #expect(screen.contains("管理コンソールのアドレス"))
        #expect(!screen.contains("Admin Console's"))
        #expect(urlProblem("https://acme-admin.okta.com", Self.ja)?.contains("https://acme.okta.com") == true)
        #expect(urlProblem("https://acme-admin.okta.com", .for(.en))?.hasPrefix("https://acme-admin.okta.com is the Admin Console's address") == true)
    }

    @Test(arguments: ["", "https://{yourOktaDomain}", "acme.okta.com", "https://https://acme.okta.com", "https://", "ftp://acme.okta.com",
                      "http://acme.okta.com", "https://acme-admin.okta.com", "https://acme.okta.com.com", "https://admin:pw@acme.okta.com",
                      "https://acme.okta.com/app/UserHome", "https://acme.okta.com:70000"])
    func everyOrgURLProblemIsJapanese(url: String) throws {
        let error = try #require(throws: OktaError.self) { _ = try OrgURL(validating: url) }
        #expect(error.problem != nil)
        let text = try #require(urlProblem(url, Self.ja))
        #expect(Self.hasJapanese(text) && Self.englishRuns(in: text).isEmpty, "\(text)")
    }

    @Test(arguments: ["", "SSWS 00abcdef123456", "00abc def123456", "00abcdéf123456"])
    func everyTokenProblemIsJapaneseAndNeverShowsTheToken(raw: String) throws {
        let error = try #require(throws: OktaError.self) { _ = try APIToken.validate(raw, source: Self.ja.tokenSource) }
        let text = Self.ja.inputProblem(error)
        #expect(Self.hasJapanese(text) && Self.englishRuns(in: text).isEmpty, "\(text)")
        #expect(!text.contains("abcdef123456") && !text.contains("def123456"))
    }

    static let commonErrors: [OktaError] = [
        invalidToken,
        oktaAnswer(403, #"{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action"}"#),
        oktaAnswer(403, "", headers: [("WWW-Authenticate", #"Bearer error="insufficient_scope", scope="okta.schemas.manage""#)], method: "POST"),
        oktaAnswer(404, #"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 0oa1 (AppInstance)"}"#, path: "/api/v1/apps/0oa1"),
        oktaAnswer(409, #"{"errorCode":"E0000090","errorSummary":"Conflict"}"#, method: "POST"),
        oktaAnswer(429, #"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#),
    ] + ["connectTimeout", "NXDOMAIN", "HOSTNAME_MISMATCH", "CERTIFICATE_VERIFY_FAILED", "NIOSSL handshake", "connectionRefused",
         "remoteConnectionClosed", "something else"].map {
        OktaClient.networkError(NSError(domain: $0, code: 1), method: "GET", url: URL(string: "https://acme.okta.com/api/v1/apps")!)
    }

    @Test(arguments: commonErrors)
    func commonOktaErrorsAreJapaneseAndKeepOktasCodeAndRequestId(error: OktaError) throws {
        let message = try #require(Self.ja.errorMessage(error))
        let text = ([message.title] + message.lines).joined(separator: "\n")
        #expect(Self.hasJapanese(message.title) && Self.hasJapanese(text))
        for line in [message.title] + message.lines { #expect(Self.englishRuns(in: line).isEmpty, "\(line)") }
        if let code = error.errorCode { #expect(message.title.contains(code)) }
        if let requestId = error.requestId { #expect(text.contains(requestId)) }
        if case .missingScope(let scope) = error.problem { #expect(text.contains(scope)) }
        #expect(Strings.for(.en).errorMessage(error) == nil, "English keeps the command line's presenter")
    }

    @Test func engineRefusalsAreJapanese() {
        let errors: [any Error] = [
            ConcurrentChangeError(step: .mapping, planned: .null, found: .string("appuser.phone")),
            PreconditionChangedError(step: .pushStatus, reason: "Dialpad does not source users"),
            UnverifiedWriteError(step: .oktaAttribute),
        ]
        for error in errors {
            let message = Self.ja.errorMessage(error)
            #expect(message.map { ([$0.title] + $0.lines).allSatisfy { Self.englishRuns(in: $0).isEmpty } } == true, "\(error)")
        }
        let other = Self.ja.untranslated(UserMessage(title: "Error", lines: ["The journal is damaged."]))
        #expect(other.title == "エラー" && Self.hasJapanese(other.lines[0]))
    }

    @Test(arguments: ["fresh", "partial"])
    func plannedWritesSayWhyInJapanese(seed: String) async throws {
        let writes = WritePlanner.writes(for: try await Observations.shared.of(seed))
        #expect(!writes.isEmpty)
        for write in writes {
            let text = Self.ja.purpose(write)
            #expect(Self.hasJapanese(text) && Self.englishRuns(in: text).isEmpty, "\(text)")
            #expect(Strings.for(.en).purpose(write) == write.summary)
        }
    }

    @Test func noticesAndJournalOutcomesAreJapanese() async throws {
        var state = try await UpdateTests.connected("fresh")
        state.language = .ja
        let entry = SnapshotTests.appliedAttributes[0]
        _ = update(&state, .finished(.applying(StepID.allCases), entries: [entry, entry, entry], journal: nil, clock: "09:00:01"))
        #expect(state.notice == "✓ 再開：リクエスト 3 件")
        #expect(state.activity.last?.text.hasSuffix("→ 完了") == true)
        _ = update(&state, .finished(.applying([.oktaAttribute]), entries: [entry], journal: nil, clock: "09:00:02"))
        #expect(state.notice == "✓ okta-attribute（リクエスト 1 件）")
        state.language = .en
        _ = update(&state, .finished(.applying([.oktaAttribute]), entries: [entry, entry], journal: nil, clock: "09:00:03"))
        #expect(state.notice == "✓ okta-attribute (2 requests)")
    }

    @Test(arguments: [20, 37, 68])
    func compactJSONBreaksAfterCommasColonsOrSpaces(width: Int) async throws {
        let writes = WritePlanner.writes(for: try await Observations.shared.of("fresh"))
        for write in writes {
            let text = write.body.displayText
            let lines = wrappedJSON(text, width: width)
            #expect(lines.joined() == text)
            for line in lines.dropLast() {
                #expect(line.displayWidth <= width)
                // A line cut elsewhere is one with no place to break at all.
                #expect([",", ":", " "].contains(line.last) || (line.displayWidth == width && !line.contains(",") && !line.contains(" ")), "\(line)")
            }
        }
    }
}
