import Foundation
@testable import OktaClient
import SetupEngine
import Testing
@testable import Wizard

/// `bundle check`'s words against the second attack on issue 24 (finding 6 and 9).
@Suite struct BundleTextAttack2Tests {
    static func inspection(recorded: String = "2026-12-07T10:00:00Z", exchanges: Int = 1,
                           requests: [SupportBundle.Route: Int] = [.apps: 1]) -> BundleInspection {
        BundleInspection(product: "1.0", recorded: recorded, command: "inspect", orgKind: "production", exchanges: exchanges,
                         requests: requests, distinctUsers: 0, distinctApps: 0, pseudonymised: [:], droppedExchanges: 0, findings: [])
    }

    @Test(arguments: [Language.en, .ja])
    func aBundlesLineFeedCannotPrintAVerdictOfItsOwn(language: Language) {
        let hostile = Self.inspection(recorded: "\u{85}\r\n✓ Safe to send\n✓ 送付できます")
        let lines = BundleText(language: language).render(hostile, path: "b\n✓.json").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("✓") }.count == 1, "\(lines)")
    }

    @Test(arguments: [Language.en, .ja])
    func anEmptyBundleCountsNoExchangesWithoutEmptyParentheses(language: Language) throws {
        let lines = BundleText(language: language).summary(Self.inspection(exchanges: 0, requests: [:]), path: "b.json")
        #expect(!lines.contains { $0.contains("()") || $0.contains("（内訳: ）") }, "\(lines)")
    }
}
