import Foundation
import OktaClient
@testable import SetupEngine
import Testing
@testable import Wizard

/// check-user in words, not raw values (issue 23 §4): the last sync in the admin's own time,
/// and the source priority by app name, in both languages.
@Suite struct UserCheckWordsTests {
    static let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    static func check(lastSync: String?, priority: UserCheck.SourcePriority?) async throws -> UserCheck {
        let observation = try await Observations.shared.of("complete")
        let user = try JSONDecoder().decode(OktaUser.self, from: Data(#"{"id":"00uX","profile":{"login":"x@example.com"}}"#.utf8))
        var check = UserCheck.judge(observation, user: user, appUser: nil)
        check.lastSync = lastSync
        check.sourcePriority = priority
        return check
    }

    static func value(_ rows: [(label: String, value: String)], _ label: String) -> String? {
        rows.first { $0.label == label }?.value
    }

    @Test(arguments: [(Language.en, "Last sync", "Source priority", "2026-01-15 19:00"),
                      (.ja, "前回の同期", "ソース優先度", "2026年1月15日 19:00")])
    func timesAreLocalAndSourcesAreNamed(language: Language, syncLabel: String, priorityLabel: String, time: String) async throws {
        let priority = UserCheck.SourcePriority(type: "OVERRIDE", sources: [.init(type: "APP", value: "0oaDialpad1", isDialpad: true),
                                                                            .init(type: "APP", value: "0oaWorkday2", isDialpad: false)])
        let check = try await Self.check(lastSync: "2026-01-15T10:00:00.000Z", priority: priority)
        let rows = UserCheckText(language: language, app: "Dialpad", timeZone: Self.tokyo).rows(check)
        let sync = try #require(Self.value(rows, syncLabel)), source = try #require(Self.value(rows, priorityLabel))
        #expect(sync.hasPrefix(time + " "), "in Tokyo's time, with its zone: \(sync)")
        #expect(!sync.contains("T10:00") && !sync.hasSuffix("Z"), "no raw ISO time: \(sync)")
        #expect(source.contains("Dialpad") && !source.contains("0oaDialpad1") && !source.contains("OVERRIDE"), "\(source)")
        #expect(source.contains("0oaWorkday2"), "an app this run does not know keeps its id: \(source)")
    }

    @Test func theProfileSourceIsSaidInWords() async throws {
        let check = try await Self.check(lastSync: nil, priority: .init(type: "PROFILE_MASTER", sources: []))
        for language in [Language.en, .ja] {
            let rows = UserCheckText(language: language, app: "Dialpad").rows(check)
            #expect(rows.allSatisfy { !$0.value.contains("PROFILE_MASTER") }, "\(rows)")
        }
    }

    /// `--json` keeps Okta's own line, as scripts read it.
    @Test func jsonKeepsOktasLine() throws {
        let priority = UserCheck.SourcePriority(type: "OVERRIDE", sources: [.init(type: "APP", value: "0oa1", isDialpad: true)])
        #expect(String(decoding: try JSONEncoder().encode(priority), as: UTF8.self) == #""OVERRIDE APP 0oa1""#)
    }

    /// Issue 23 §4: "1 requests" no more.
    @Test func oneIsSingular() {
        let one = UserCheckText(language: .en, app: "Dialpad").verified(Verification(checked: 1, counts: [], requests: 1, seconds: 0.2))
        #expect(one == "Checked 1 user assigned to Dialpad (1 request, 0.2 s).")
        let many = UserCheckText(language: .en, app: "Dialpad").verified(Verification(checked: 50, counts: [], requests: 2, seconds: 0.2))
        #expect(many == "Checked 50 users assigned to Dialpad (2 requests, 0.2 s).")
    }
}
