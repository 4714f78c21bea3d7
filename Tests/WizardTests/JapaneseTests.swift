import Foundation
@testable import OktaClient
import OktaSimulator
@testable import SetupEngine
import Testing
import TestSupport
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

    /// The wizard's dialog for an error in Japanese; nil when no Japanese wording covers it
    /// (the English report under a Japanese title instead).
    static func japaneseDialog(_ error: any Error) -> UserMessage? {
        let dialog = ErrorText(.ja).dialog(error)
        return dialog.lines.first?.contains("英語で表示") == true ? nil : dialog
    }

    static let invalidToken = oktaAnswer(401, #"{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorCauses":[]}"#)

    /// Runs of four or more plain English words in a line (TestSupport's detector, shared with
    /// the command line's tests).
    static func englishRuns(in line: String) -> [String] { EnglishDetector.runs(in: line) }

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
    ] + [OktaError.Problem.timeout(host: "acme.okta.com"), .unknownHost(host: "acme.okta.com"), .certificateForOtherHost(host: "acme.okta.com"),
         .untrustedCertificate(host: "acme.okta.com"), .tlsFailed(host: "acme.okta.com", detail: "handshakeFailed"), .connectionRefused(host: "acme.okta.com"),
         .connectionClosed(host: "acme.okta.com"), .unreachable(host: "acme.okta.com", detail: "connect failed"),
         .slowAnswer(host: "acme.okta.com", bytes: 120, after: .seconds(60), deadlinePassed: true),
         .slowAnswer(host: "acme.okta.com", bytes: 40, after: .seconds(12), deadlinePassed: false)].map {
        OktaError(code: .network, method: "GET", path: "/api/v1/apps", problem: $0)
    }

    @Test(arguments: commonErrors)
    func commonOktaErrorsAreJapaneseAndKeepOktasCodeAndRequestId(error: OktaError) throws {
        let message = try #require(Self.japaneseDialog(error))
        let text = ([message.title] + message.lines).joined(separator: "\n")
        #expect(Self.hasJapanese(message.title) && Self.hasJapanese(text))
        for line in [message.title] + message.lines { #expect(Self.englishRuns(in: line).isEmpty, "\(line)") }
        if let code = error.errorCode { #expect(message.title.contains(code)) }
        if let requestId = error.requestId { #expect(text.contains(requestId)) }
        if case .missingScope(let scope) = error.problem { #expect(text.contains(scope)) }
    }

    @Test func engineRefusalsAreJapanese() {
        let errors: [any Error] = [
            ConcurrentChangeError(step: .mapping, planned: .null, found: .string("appuser.phone")),
            PreconditionChangedError(step: .pushStatus, why: .pushWaitsForProfileSource(app: "Dialpad")),
            UnverifiedWriteError(step: .oktaAttribute),
        ]
        for error in errors {
            let message = Self.japaneseDialog(error)
            #expect(message.map { ([$0.title] + $0.lines).allSatisfy { Self.englishRuns(in: $0).isEmpty } } == true, "\(error)")
        }
        struct Unforeseen: Error {}
        let other = ErrorText(.ja).dialog(Unforeseen())
        #expect(other.title == "エラー" && Self.hasJapanese(other.lines[0]) && Self.japaneseDialog(Unforeseen()) == nil)
    }

    /// An error of every reason the engine and the client give, with the values its Japanese
    /// wording must keep as they are.
    struct Reason: Sendable, CustomTestStringConvertible {
        var error: any Error & Sendable
        var verbatim: [String]
        var testDescription: String { "\(error)" }
    }

    static let journal = "/home/admin/.local/state/dialpad-okta/acme.okta.com.json"
    static let serviceApp = "0oaServiceApp7Dialpad"

    static func problem(_ problem: OktaError.Problem, code: OktaError.Code = .oauth, status: Int? = nil, errorCode: String? = nil,
                        method: String = "POST", path: String = "/oauth2/v1/token") -> OktaError {
        OktaError(code: code, httpStatus: status, errorCode: errorCode, requestId: "reqAbC123xyz",
                  method: method, path: path, problem: problem)
    }

    static let reasons: [Reason] = [
        Reason(error: JournalError(.stateDirectoryUncreatable(directory: "/srv/dialpad-okta")), verbatim: ["/srv/dialpad-okta", "--state-file PATH"]),
        Reason(error: JournalError(.stateDirectoryNotWritable(directory: "/srv/state", lockFile: "acme.okta.com.json.lock", errno: EACCES)),
               verbatim: ["/srv/state", "acme.okta.com.json.lock", "--state-file PATH"]),
        Reason(error: JournalError(.stateDirectoryNotWritable(directory: "/srv/state", lockFile: "acme.okta.com.json.lock", errno: EIO)),
               verbatim: ["errno \(EIO)"]),
        Reason(error: JournalError(.lockedByAnotherRun(journal: journal)), verbatim: [journal, "dialpad-okta"]),
        Reason(error: JournalError(.unreadable(journal: journal)), verbatim: [journal]),
        Reason(error: JournalError(.damaged(journal: journal)), verbatim: [journal, "dialpad-okta inspect"]),
        Reason(error: JournalError(.newerFormat(journal: journal, version: 7)), verbatim: [journal, "7"]),
        Reason(error: JournalError(.otherOrg(journal: journal, journalOrg: "https://other.okta.com", org: "https://acme.okta.com")),
               verbatim: [journal, "https://other.okta.com", "https://acme.okta.com", "--state-file"]),
        Reason(error: JournalError(.otherApp(journal: journal, journalApp: "0oaJournalApp1", appId: "0oaOtherApp2")),
               verbatim: [journal, "0oaOtherApp2", "--app-id 0oaJournalApp1", "--state-file"]),
        Reason(error: JournalError(.directoryNotWritable(directory: "/srv/state")), verbatim: ["/srv/state", "--state-file PATH"]),
        Reason(error: JournalError(.writeFailed(journal: journal)), verbatim: [journal]),
        Reason(error: JournalError(.nothingToResume(journal: journal)), verbatim: [journal, "dialpad-okta apply --yes"]),
        Reason(error: ApplyRefusal(.noDialpadApp), verbatim: ["Dialpad", "SCIM", "--app-id"]),
        Reason(error: ApplyRefusal(.notProvisioningApp(app: "Dialpad", appId: "0oaDialpadSaml1", signOnMode: "SAML_2_0")),
               verbatim: ["Dialpad", "0oaDialpadSaml1", "SAML_2_0", "SCIM", "--app-id"]),
        Reason(error: ApplyRefusal(.notProvisioningApp(app: "Dialpad", appId: "0oaDialpadSaml1", signOnMode: nil)), verbatim: ["0oaDialpadSaml1"]),
        Reason(error: RollbackRefusal(.noJournal(journal: journal)), verbatim: [journal]),
        Reason(error: RollbackRefusal(.deletionNotConfirmed(steps: [.oktaAttribute, .appAttribute])),
               verbatim: ["Okta ユーザー属性 dialpadPhone", "Dialpad アプリ属性 dialpadPhone", "--delete-attribute-data"]),
        Reason(error: RollbackRefusal(.changedSinceApplied(step: .mapping, change: .fields(["expression"]))), verbatim: ["マッピング Dialpad → Okta ユーザー", "expression"]),
        Reason(error: ConfirmationRefusal(.noAppToConfirm), verbatim: ["Dialpad"]),
        Reason(error: ConfirmationRefusal(.notProfileSourceYet(app: "Dialpad")), verbatim: ["Dialpad"]),
        Reason(error: AppLookupError(.noAppWithId(appId: "0oaDoesNotExist00000")), verbatim: ["0oaDoesNotExist00000", "--app-id", "0oa…"]),
        Reason(error: AppLookupError(.notDialpadApp(app: OktaApp(id: "0oa9Osnrm8JO20hWLKip", name: "slack", label: "Slack", status: "ACTIVE"),
                                                    candidates: [OktaApp(id: "0oaDialpad1", name: "dialpad", label: "Dialpad", status: "ACTIVE")])),
               verbatim: ["0oa9Osnrm8JO20hWLKip", "Slack", "slack", "0oaDialpad1", "--app-id"]),
        Reason(error: AppLookupError(.severalDialpadApps(candidates: [OktaApp(id: "0oaDialpad1", name: "dialpad", label: "Dialpad", status: "ACTIVE"),
                                                                       OktaApp(id: "0oaDialpad2", name: "dialpad", label: "Dialpad US", status: "INACTIVE")])),
               verbatim: ["0oaDialpad1", "0oaDialpad2", "Dialpad US", "--app-id ID"]),
        Reason(error: problem(.caFileUnreadable(path: "/etc/ssl/corp-ca.pem", source: "--ca-file"), code: .configuration),
               verbatim: ["/etc/ssl/corp-ca.pem", "--ca-file", "PEM"]),
        Reason(error: problem(.caFileWithoutCertificate(path: "/etc/ssl/corp-ca.pem", source: "SSL_CERT_FILE"), code: .configuration),
               verbatim: ["/etc/ssl/corp-ca.pem", "SSL_CERT_FILE", "-----BEGIN CERTIFICATE-----"]),
        Reason(error: problem(.readOnlyWrite(method: "POST", path: "/api/v1/meta/schemas/user/default"), code: .readOnly,
                              path: "/api/v1/meta/schemas/user/default"),
               verbatim: ["POST /api/v1/meta/schemas/user/default"]),
        Reason(error: problem(.assertionExpired(clockSkew: 420), status: 401, errorCode: "invalid_client"),
               verbatim: ["420", "timedatectl set-ntp true", "invalid_client", "reqAbC123xyz"]),
        Reason(error: problem(.assertionExpired(clockSkew: nil), status: 401, errorCode: "invalid_client"), verbatim: ["timedatectl set-ntp true"]),
        Reason(error: problem(.assertionRejected(clientId: serviceApp, clientIdSource: "--client-id", keySource: "/home/admin/okta.pem (from --private-key)",
                                                 keyId: "kid-2026", clockSkew: -90), status: 401, errorCode: "invalid_client"),
               verbatim: [serviceApp, "--client-id", "/home/admin/okta.pem (from --private-key)", "kid-2026", "90", "invalid_client"]),
        Reason(error: problem(.scopesRejected(scopes: ["okta.apps.read", "okta.schemas.manage"]), status: 400, errorCode: "invalid_scope"),
               verbatim: ["okta.apps.read okta.schemas.manage", "--scopes", "invalid_scope"]),
        Reason(error: problem(.scopesNotGranted(scopes: ["okta.schemas.manage"], clientId: serviceApp), errorCode: "invalid_scope"),
               verbatim: ["okta.schemas.manage", serviceApp, "--scopes"]),
        Reason(error: problem(.dpopProofRejected(clockSkew: 75), status: 400, errorCode: "invalid_dpop_proof"), verbatim: ["75", "--no-dpop", "DPoP"]),
        Reason(error: problem(.dpopNonceRepeated, status: 400, errorCode: "use_dpop_nonce"), verbatim: ["DPoP-Nonce"]),
        Reason(error: problem(.clientCredentialsNotAllowed(clientId: serviceApp, clientIdSource: "okta.yaml"), status: 400, errorCode: "unauthorized_client"),
               verbatim: [serviceApp, "okta.yaml", "API"]),
        Reason(error: problem(.dpopRequired(clientId: serviceApp, clientIdSource: "OKTA_CLIENT_CLIENTID"), status: 400, errorCode: "invalid_request"),
               verbatim: [serviceApp, "OKTA_CLIENT_CLIENTID", "--no-dpop"]),
        Reason(error: problem(.tokenRequestRefused(clientId: serviceApp, clientIdSource: "--client-id", status: 500), status: 500),
               verbatim: [serviceApp, "--client-id", "HTTP 500"]),
        Reason(error: problem(.tokenWithoutAccessToken, code: .decoding, status: 200), verbatim: []),
        Reason(error: problem(.dpopBoundTokenWithoutProof), verbatim: ["DPoP"]),
        Reason(error: problem(.unusableTokenType(type: "mac")), verbatim: ["mac", "dialpad-okta"]),
        Reason(error: problem(.requestDPoPProofRejected(challenge: "DPoP proof iat is too old"), code: .api, status: 401, errorCode: "invalid_dpop_proof", method: "GET", path: "/api/v1/apps"),
               verbatim: ["GET /api/v1/apps", "timedatectl set-ntp true"]),
        Reason(error: problem(.serviceAppTokenRefused(challenge: nil), code: .api, status: 401, method: "GET", path: "/api/v1/apps"), verbatim: ["GET /api/v1/apps"]),
        Reason(error: problem(.serviceAppRoleTooWeak, code: .api, status: 403, errorCode: "E0000006", method: "POST", path: "/api/v1/mappings/prm1"),
               verbatim: ["POST /api/v1/mappings/prm1", "E0000006"]),
    ]

    /// Every line Japanese, no English run, the values verbatim, and no English fallback.
    static func expectJapanese(_ message: UserMessage?, keeping verbatim: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        guard let message else { Issue.record("no Japanese message", sourceLocation: sourceLocation); return }
        let text = ([message.title] + message.lines).joined(separator: "\n")
        #expect(hasJapanese(message.title) && hasJapanese(message.lines.first ?? ""), "\(text)", sourceLocation: sourceLocation)
        for line in [message.title] + message.lines {
            #expect(englishRuns(in: line).isEmpty, "\(line)", sourceLocation: sourceLocation)
        }
        for value in verbatim { #expect(text.contains(value), "\(value) not in \(text)", sourceLocation: sourceLocation) }
        #expect(!text.contains("英語で表示"), "\(text)", sourceLocation: sourceLocation)
    }

    @Test(arguments: reasons)
    func everyReasonIsWordedInJapaneseWithItsValuesVerbatim(reason: Reason) {
        let message = Self.japaneseDialog(reason.error)
        Self.expectJapanese(message, keeping: reason.verbatim)
        // Only the English that has a hint has one in Japanese: the other refusals are their own answer.
        let hasHint = (reason.error as? OktaError).map { ErrorText(.en).report($0).hint != nil }
            ?? ((reason.error as? RollbackRefusal).map { $0.reason != .noJournal(journal: Self.journal) }
            ?? ((reason.error as? ConfirmationRefusal).map { $0.reason != .noAppToConfirm } ?? true))
        #expect(message?.lines.contains { $0.hasPrefix("対処：") } == hasHint, "\(String(describing: message))")
        let english = ErrorText(.en).dialog(reason.error)
        #expect(english.lines.allSatisfy { !Self.hasJapanese($0) } && english.lines.first.map { !$0.isEmpty } == true, "one table per language")
    }

    @Test func theEnglishTableWordsTheEngineForTheCommandLine() {
        let english = ErrorText(.en)
        #expect(english.lines(JournalError(.damaged(journal: Self.journal)))[0] == "error: The journal \(Self.journal) is damaged and was left untouched.")
        #expect(english.report(RollbackRefusal(.deletionNotConfirmed(steps: [.oktaAttribute, .appAttribute]))).lines[0].hasPrefix("Rolling back Okta user attribute dialpadPhone and Dialpad app attribute dialpadPhone deletes"),
                "English names steps by their titles, as Japanese does, never by their ids")
        #expect(english.lines(AppLookupError(.noAppWithId(appId: "0oa1"))) == ["error: The org has no app with id 0oa1.", "hint: Check --app-id: it is the 0oa… id in the app's Admin Console URL."])
        #expect(english.report(UnsettledWrite(step: .mapping, cause: Self.invalidToken)).hint?.contains("dialpad-okta resume") == true,
                "an unsettled write's report says resume carries on, whatever its cause said")
    }

    @Test func aDamagedJournalIsExplainedInJapaneseOnConnect() async throws {
        let h = try await RuntimeTests.Harness(seed: "fresh", language: .ja)
        try Data("{\"version\": 1, \"org\": ".utf8).write(to: h.store.url)
        try await h.press(.enter)
        guard case .error(let message) = h.runtime.state.modal else { Issue.record("no error dialog"); await h.stop(); return }
        Self.expectJapanese(message, keeping: [h.store.url.path, "dialpad-okta inspect"])
        #expect(message.lines[0].contains("壊れています"))
        #expect(h.screenText.contains("ジャーナルを使えません"))
        #expect(h.screenText.split(separator: "\n").allSatisfy { Self.englishRuns(in: String($0)).isEmpty }, "\(h.screenText)")
        await h.stop()
    }

    @Test func aServiceAppWhoseKeyOktaDoesNotKnowIsExplainedInJapanese() async throws {
        let registered = SigningKey.ephemeralP256(), used = SigningKey.ephemeralP256()
        let publicJWK = String(decoding: try JSONSerialization.data(withJSONObject: registered.publicJWK, options: [.sortedKeys]), as: UTF8.self)
        var options = SimulatorOptions(seed: "fresh")
        options.serviceApps = [SimulatedServiceApp(clientId: Self.serviceApp, publicKeys: [publicJWK], grantedScopes: OAuthScopes.write)]
        let settings = OAuthSettings(clientId: Self.serviceApp, key: used, clientIdSource: "--client-id", keySource: "/home/admin/okta.pem")
        let h = try await RuntimeTests.Harness(seed: "fresh", language: .ja, options: options, oauth: settings)
        try await h.press(.enter)
        guard case .error(let message) = h.runtime.state.modal else { Issue.record("no error dialog"); await h.stop(); return }
        Self.expectJapanese(message, keeping: [Self.serviceApp, "--client-id", "/home/admin/okta.pem", "invalid_client"])
        #expect(message.lines[0].contains("クライアントアサーションを拒否"))
        let screen = h.screenText
        #expect(screen.contains("秘密鍵") && !containsJWS(screen), "no assertion or proof on screen")
        #expect(screen.split(separator: "\n").allSatisfy { Self.englishRuns(in: String($0)).isEmpty }, "\(screen)")
        await h.stop()
    }

    @Test func realRefusalsOfTheJournalAndTheCAFileAreJapanese() throws {
        let store = Fixtures.temporaryJournal()
        try store.lock()
        defer { store.unlock() }
        let locked = try #require(throws: JournalError.self) { try JournalStore(url: store.url).lock() }
        Self.expectJapanese(Self.japaneseDialog(locked), keeping: [store.url.path])
        try JSONEncoder().encode(Journal(org: "https://other.okta.com", appId: "0oaJournalApp1")).write(to: store.url)
        let foreign = try #require(throws: JournalError.self) { _ = try store.load(expectingOrg: "https://acme.okta.com") }
        Self.expectJapanese(Self.japaneseDialog(foreign), keeping: [store.url.path, "https://other.okta.com", "https://acme.okta.com"])
        let otherApp = try #require(throws: JournalError.self) { _ = try store.load(appId: "0oaOtherApp2") }
        Self.expectJapanese(Self.japaneseDialog(otherApp), keeping: ["--app-id 0oaJournalApp1"])
        let missing = store.url.deletingLastPathComponent().appendingPathComponent("corp-ca.pem").path
        let unreadable = try #require(throws: OktaError.self) { _ = try TrustRoots.load(caFile: missing, environment: [:]) }
        Self.expectJapanese(Self.japaneseDialog(unreadable), keeping: [missing, "--ca-file"])
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: missing))
        let empty = try #require(throws: OktaError.self) { _ = try TrustRoots.load(caFile: nil, environment: ["SSL_CERT_FILE": missing]) }
        Self.expectJapanese(Self.japaneseDialog(empty), keeping: [missing, "SSL_CERT_FILE"])
    }

    @Test(arguments: ["fresh", "partial"])
    func plannedWritesSayWhyInJapanese(seed: String) async throws {
        let writes = WritePlanner.writes(for: try await Observations.shared.of(seed))
        #expect(!writes.isEmpty)
        for write in writes {
            let text = Self.ja.purpose(write)
            #expect(Self.hasJapanese(text) && Self.englishRuns(in: text).isEmpty, "\(text)")
            #expect(Strings.for(.en).purpose(write) == write.purpose.english)
        }
    }

    @Test func noticesAndJournalOutcomesAreJapanese() async throws {
        var state = try await UpdateTests.connected("fresh")
        state.language = .ja
        let entry = SnapshotTests.appliedAttributes[0]
        _ = update(&state, .finished(.applying([.oktaAttribute]), entries: [entry], journal: nil, clock: "09:00:02"))
        #expect(state.notice == .written([.oktaAttribute], requests: 1))
        #expect(Self.ja.outcome(.done) == "完了")
        let notices: [Notice] = [
            .stepDone(.profileSource), .written([.oktaAttribute, .appAttribute], requests: 2), .rolledBack([.mapping], requests: 1),
            .settled(applied: 1, notApplied: 1), .settled(applied: 0, notApplied: 0), .recorded(.newUsersOnly), .withdrawn(.otherSourceUnseen, writtenUnder: [.sourcePriority]),
            .reportSaved("/tmp/report.md"),
            .waitsFor(.mapping, [.oktaAttribute, .appAttribute]), .nothingToWrite(.mapping, .ok), .nothingToWrite(.pushStatus, .blocked),
            .nothingToRollBack, .keyUnavailable(.character("a"), .readOnly), .keyUnavailable(.character(" "), .notDetectedYet(.profileSource)),
            .keyUnavailable(.enter, .notTicked), .keyUnavailable(.escape, .nothingToGoBackTo), .keyUnavailable(.enter, .busy),
        ]
        for notice in notices {
            let text = Self.ja.notice(notice)
            #expect(Self.hasJapanese(text) && Self.englishRuns(in: text).isEmpty, "\(text)")
        }
        let progress: [ApplyProgress] = [.writing(.mapping), .awaitingReadBack(.oktaAttribute, waitedSeconds: 4, patienceSeconds: 120),
                                         .sendingAgain(.appAttribute), .settled(.mapping, appliedBeforeInterruption: true),
                                         .settled(.mapping, appliedBeforeInterruption: false)]
        for step in progress {
            let text = Self.ja.progress(step)
            #expect(Self.hasJapanese(text) && Self.englishRuns(in: text).isEmpty, "\(text)")
        }
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
