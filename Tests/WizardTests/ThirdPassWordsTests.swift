import Foundation
@testable import OktaClient
@testable import SetupEngine
import Testing
import TestSupport
@testable import Wizard

/// The admin's words for issue 22's rules 7, 9 and 10 (docs/REAL-ORGS.md R24 to R26), in
/// English and Japanese: each fails without its case.
@Suite struct ThirdPassWordsTests {
    static let ja = Strings.for(.ja)
    static let en = Strings.for(.en)

    static func hasJapanese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }
    }

    static let mappingsUnavailable = OktaError.fromResponse(
        status: 401, body: Data(#"{"errorCode":"E0000015","errorSummary":"You do not have permission to access the feature you are requesting","errorCauses":[]}"#.utf8),
        headers: [("X-Okta-Request-Id", "reqMapE15abc")], method: "GET", path: "/api/v1/mappings")

    static let errors: [OktaError] = [
        mappingsUnavailable,
        OktaError.fromResponse(status: 401, body: Data(#"{"errorCode":"E0000015","errorSummary":"You do not have permission to access the feature you are requesting"}"#.utf8),
                               headers: [], method: "GET", path: "/api/v1/idps"),
        OktaError(code: .api, method: "GET", path: "/api/v1/users",
                  problem: .noUserWithLogin(login: "sales/desk@example.com")),
        CleanupWait.stillRefused(OktaError(code: .api, httpStatus: 400, errorCode: "E0000001", problem: .refused(status: 400)), attribute: "dialpadPhone",
                                 waited: .seconds(120), deadlineReached: false),
        CleanupWait.stillRefused(OktaError(code: .api, httpStatus: 400, errorCode: "E0000001", problem: .refused(status: 400)), attribute: "dialpadPhone",
                                 waited: .seconds(31), deadlineReached: true),
    ]

    @Test(arguments: errors)
    func theNewRefusalsAreWordedInJapanese(error: OktaError) throws {
        let message = try #require(JapaneseTests.japaneseDialog(error))
        let text = ([message.title] + message.lines).joined(separator: "\n")
        #expect(Self.hasJapanese(message.title) && Self.hasJapanese(text))
        for line in [message.title] + message.lines { #expect(EnglishDetector.runs(in: line).isEmpty, "\(line)") }
        #expect(!message.title.contains("権限エラー") && !message.title.contains("認証エラー"), "neither a role nor a credential: \(message.title)")
        if case .attributeCleanupPending(let attribute, _, _) = error.problem { #expect(text.contains(attribute)) }
        if case .noUserWithLogin(let login) = error.problem { #expect(text.contains(login)) }
    }

    /// R25: the English names the edition, not the credentials, and the Admin Console steps.
    @Test func mappingsUnavailableSaysWhatToDoInTheAdminConsole() {
        let error = Self.mappingsUnavailable
        #expect(error.problem == .mappingsAPIUnavailable)
        let english = ErrorText(.en).report(error)
        #expect(english.lines.joined().contains("no profile mapping API") && !english.lines.joined().contains("rejected the credentials"))
        #expect(english.hint?.contains("Directory > Profile Editor") == true && english.hint?.contains("Apply updates now") == true)
        let japanese = JapaneseTests.japaneseDialog(error)?.lines.joined() ?? ""
        #expect(japanese.contains("プロファイルエディター") && japanese.contains("E0000015"))
    }

    /// R26: the wait is said in both languages, naming the attribute and the patience.
    @Test func theCleanUpWaitIsSaid() {
        let progress = ApplyProgress.awaitingCleanup(.oktaAttribute, attribute: "dialpadPhone", waitedSeconds: 7, patienceSeconds: 120)
        let japanese = Self.ja.progress(progress)
        #expect(Self.hasJapanese(japanese) && EnglishDetector.runs(in: japanese).isEmpty, "\(japanese)")
        #expect(japanese.contains("dialpadPhone") && japanese.contains("120"))
        let english = CommandLineText(language: .en, colour: false).progress(progress)
        #expect(english.contains("cleans up a deleted attribute named dialpadPhone") && english.contains("up to 120 s"))
        #expect(Self.en.progress(progress).contains("dialpadPhone"))
    }
}
