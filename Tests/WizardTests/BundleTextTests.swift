import Foundation
@testable import OktaClient
import SetupEngine
import Testing
@testable import Wizard

/// `bundle check` and `--record` in the admin's words (attack on issue 24, findings 2 and 13).
@Suite struct BundleTextTests {
    static func inspection(findings: [BundleInspection.Finding]) -> BundleInspection {
        BundleInspection(product: "1.0", recorded: "2026-12-07T10:00:00Z", command: "inspect --record ‹value›", orgKind: "production",
                         exchanges: 9, requests: [.apps: 2, .appUsers: 1, .identityProviders: 1, .schema: 2, .mappings: 3],
                         distinctUsers: 1, distinctApps: 2, pseudonymised: ["emails": 1, "orgHost": 1], droppedExchanges: 0, findings: findings)
    }

    @Test func oneFindingIsOnePlace() {
        let one = BundleText(language: .en).render(Self.inspection(findings: [.phone("090-1234-5678", at: "exchanges[0].body[0].label")]), path: "b.json")
        #expect(one.contains("1 place holds what a bundle must not"), "\(one)")
        let two = BundleText(language: .en).render(Self.inspection(findings: [.phone("090-1234-5678", at: "a"), .email("kim@acme.com", at: "b")]),
                                                   path: "b.json")
        #expect(two.contains("2 places hold what a bundle must not"), "\(two)")
    }

    /// Japanese names what was read in words, with Japanese punctuation: no route names.
    @Test func theJapaneseSummaryNamesRequestsInJapanese() throws {
        let lines = BundleText(language: .ja).summary(Self.inspection(findings: []), path: "b.json")
        let exchanges = try #require(lines.first { $0.contains("やり取り") })
        #expect(!exchanges.contains(","), "\(exchanges)")
        for route in SupportBundle.Route.allCases {
            #expect(exchanges.range(of: "\\b\(route.rawValue)\\b", options: .regularExpression) == nil, "\(route): \(exchanges)")
        }
        #expect(exchanges.contains("アプリ一覧 2 件、"), "\(exchanges)")
        let english = BundleText(language: .en).summary(Self.inspection(findings: []), path: "b.json").joined()
        #expect(english.contains("app lists 2") && !english.contains("appUsers"), "\(english)")
    }

    static let reasons: [BundleFileError.Reason] = [.empty, .folder, .noFolder(folder: "/tmp/nope"), .folderNotWritable(folder: "/tmp/ro"),
                                                     .notAFile, .lock, .notABundle, .notWritten]

    /// Each reason `--record` is refused for, and the warning when the write fails at the
    /// end, in both languages: the Japanese holds no English sentence.
    @Test(arguments: reasons)
    func aFileRecordCannotWriteIsSaidInBothLanguages(reason: BundleFileError.Reason) {
        let error = BundleFileError(path: "/tmp/b.json", reason: reason)
        for warning in [false, true] {
            let english = BundleText(language: .en).fileError(error, warning: warning)
            let japanese = BundleText(language: .ja).fileError(error, warning: warning)
            #expect(english.hasPrefix(warning ? "warning: " : "error: "))
            #expect(japanese.hasPrefix(warning ? "警告: " : "エラー: "), "\(japanese)")
            #expect(japanese.range(of: #"\b(the|is|cannot|was|it|a)\b"#, options: .regularExpression) == nil, "\(japanese)")
            #expect(english.contains("/tmp/b.json") && japanese.contains("/tmp/b.json"))
        }
        let distinct = Set(Self.reasons.map { BundleText(language: .ja).fileError(BundleFileError(path: "/tmp/b.json", reason: $0)) })
        #expect(distinct.count == Self.reasons.count)
    }
}
