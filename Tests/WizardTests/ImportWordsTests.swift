import Foundation
import OktaClient
@testable import SetupEngine
import Testing
@testable import Wizard

/// The words about importing from Dialpad (docs/REAL-ORGS.md R21, R22), in both languages:
/// Import Now with its path, the schedule only where an admin set one, never "the next import";
/// "To Okta" import to turn on, and what an import does with unmatched Dialpad users.
@Suite struct ImportWordsTests {
    static let phrases: [Language: (importNow: String, schedule: String, nextImport: [String], enable: String, queue: String)] = [
        .en: ("Import > Import Now", "only if an admin set one", ["next import", "next scheduled"], "Import New Users and Profile Updates", "Confirm matched users only"),
        .ja: ("インポート（Import） > 今すぐインポート（Import Now）", "管理者が設定した場合にのみ", ["次回のインポート"], "Import New Users and Profile Updates", "照合できたユーザーだけを確認"),
    ]

    static func check() async throws -> UserCheck {
        let observation = try await Observations.shared.of("complete")
        let user = try JSONDecoder().decode(OktaUser.self, from: Data(#"{"id":"00uX","profile":{"login":"x@example.com"}}"#.utf8))
        return UserCheck.judge(observation, user: user, appUser: nil)
    }

    @Test(arguments: [Language.en, .ja])
    func importReasonsSayHowAndPromiseNoSchedule(language: Language) async throws {
        let words = try #require(Self.phrases[language])
        let text = UserCheckText(language: language, app: "Dialpad")
        var check = try await Self.check()
        var everything: [String] = []
        for reason in UserCheck.Reason.allCases {
            check.reason = reason
            everything += [text.reason(check), text.reasonSummary(reason)]
        }
        let strings = Strings.for(language)
        let facts: [StepFact] = [.awaitsImport(app: "Dialpad", lastSync: .noneSinceProfileChanged(latest: "2026-11-29T09:00:00.000Z")),
                                 .awaitsImport(app: "Dialpad", lastSync: .inconclusive(latest: nil)),
                                 .importNotEnabled(app: "Dialpad"), .importQueue(app: "Dialpad")]
        everything += facts.map { strings.fact($0).value }
        for line in everything {
            for promise in words.nextImport { #expect(!line.contains(promise), "\(line)") }
        }
        for reason in [UserCheck.Reason.notImportedYet, .noNumberYet, .noNumberInDialpad, .importNotEnabled] {
            check.reason = reason
            let line = text.reason(check)
            #expect(line.contains(words.importNow) && line.contains(words.schedule), "\(reason): \(line)")
        }
        check.reason = .importNotEnabled
        #expect(text.reason(check).contains(words.enable) && text.reason(check).contains(words.queue))
        #expect(strings.fact(.importNotEnabled(app: "Dialpad")).value.contains(words.enable))
        #expect(strings.fact(.importQueue(app: "Dialpad")).value.contains(words.queue))
        #expect(facts.allSatisfy { strings.fact($0).warns })
    }

    /// R32: the finished setup's "Next" names the schedule where Okta keeps it (the app's
    /// Provisioning > To Okta > General), as every other import advice does, never "Import > Schedule".
    @Test(arguments: [Language.en, .ja])
    func theFinishedSetupNamesOneSchedulePath(language: Language) async throws {
        let observation = try await Observations.shared.of("complete")
        var state = WizardWordsTests.state(observation, language, .summary)
        state.reports = state.reports.map { var done = $0; done.status = .ok; return done }
        let next = state.strings.whatNext(state)
        #expect(next.contains(ImportText(language: language, app: "Dialpad").importNow), "\(next)")
    }
}
