import Foundation
import OktaClient
import OktaSimulator
import Testing

/// Attack on issue 23, item 4 and re-attack N3, in the real binary at 80x24: a "Roll back
/// everything" from the resume offer after another admin changed the app attribute. The dialog
/// names that step's changed fields in words and leaves it alone; the rest is rolled back, and
/// b on the overview then says nothing is left rather than offering the changed step again.
@Suite(.serialized) struct RollbackRefusalTmuxTests {
    struct Words: Sendable {
        var language: String, resumeTitle: String, fields: [String], overview: String, rollBackAll: String, rollbackTitle: String,
            leftAlone: String, nothingLeft: String
    }

    static let words = [
        Words(language: "en", resumeTitle: "A setup of this org was started before", fields: ["external namespace", "title (display name)"],
              overview: "Three phases, seven steps", rollBackAll: "b roll back all", rollbackTitle: "Roll back: restore what this tool changed",
              leftAlone: "Left alone", nothingLeft: "Nothing left to roll back"),
        Words(language: "ja", resumeTitle: "この組織の設定は以前に開始されています", fields: ["外部名前空間（externalNamespace）", "表示名（title）"],
              overview: "3 つのフェーズ", rollBackAll: "b すべてロールバック", rollbackTitle: "ロールバック：このツールが変更した内容を元に戻す",
              leftAlone: "変更していません", nothingLeft: "ロールバックできるものは残っていません"),
    ]

    @Test(arguments: words)
    func aRefusedRollbackLandsOnTheOverviewWhereBGoesOn(_ words: Words) async throws {
        try await withSimulator(SimulatorOptions(seed: "fresh")) { simulator in
            let home = Binary.emptyHome()
            let applied = try await Binary.run(["apply", "--yes"], environment: OrgRecord.environment(simulator, home: home))
            #expect(applied.status == 3, "every API step written, the console steps left: \(applied.stderr)")
            try await Self.editAppAttribute(simulator)

            let tmux = try await TmuxSession(["setup", "--lang", words.language], environment: OrgRecord.environment(simulator, home: home), width: 80, height: 24)
            defer { tmux.closeNow() }
            WizardTmuxTests.expectShown(try await tmux.waitFor(words.resumeTitle), "the resume offer")
            try await tmux.keys("Down")
            let opened = try await tmux.press("Enter", until: words.rollbackTitle)
            WizardTmuxTests.expectShown(opened, "the rollback dialog")
            // The changed step is named with its fields in words, as left alone; no JSON.
            for field in words.fields { #expect(opened.screen.contains(field), "\(field):\n\(opened.screen)") }
            #expect(!opened.screen.contains("{\""), "no JSON in the dialog:\n\(opened.screen)")
            // The box is ticked where it is seen: Tab reaches it (scrolled into view) from Cancel, or it has the focus.
            var screen = try await tmux.capture()
            if !screen.contains("[ ] ") { screen = try await tmux.press("Tab", until: "[ ] ").screen }
            #expect(screen.contains("[ ] "), "the deletion box is on screen:\n\(screen)")
            let ticked = try await tmux.press("Space", until: "[x] ")
            WizardTmuxTests.expectShown(ticked, "the box ticked")
            try await tmux.keys("Tab")
            let done = try await tmux.press("Enter", until: words.leftAlone)
            WizardTmuxTests.expectShown(done, "the rest rolled back, the changed step left alone")
            #expect(done.screen.contains(words.overview) && !done.screen.contains(words.resumeTitle), "the org, not the journal:\n\(done.screen)")
            WizardTmuxTests.expectShown(try await tmux.press("b", until: words.nothingLeft), "b offers the changed step no more")
        }
    }

    /// Another admin retitles the app attribute and moves its namespace.
    static func editAppAttribute(_ simulator: RunningSimulator) async throws {
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)), readOnly: false)
        do {
            let path = "/api/v1/meta/schemas/apps/0oaOjMqNowS6JZTZPspC/default"
            let body = #"""
                {"definitions":{"custom":{"id":"\#u{23}custom","type":"object","properties":{"dialpadPhone":{"title":"Phone (edited)","description":"Dialpad Phone","type":"string","scope":"NONE",\#
                "externalName":"phoneNumbers.^[type=='Dialpad'].value","externalNamespace":"urn:example:other"}}}}}
                """#
            _ = try await client.send(.POST, url: client.url(path), body: Data(body.utf8))
        } catch {
            Issue.record("\(error)")
        }
        await client.shutdown()
    }
}
