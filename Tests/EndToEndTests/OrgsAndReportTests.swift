import Foundation
import OktaSimulator
import Testing

/// Issue 14: many orgs at once, and the change report, as an admin runs them.
@Suite struct OrgsAndReportTests {
    /// Writes an orgs file: each org URL with its `token:` line as given.
    static func orgsFile(_ path: String, _ orgs: [(url: String, token: String)]) throws {
        let items = orgs.map { "  - orgUrl: \($0.url)\n    token: \($0.token)" }.joined(separator: "\n")
        try ("orgs:\n" + items + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Three orgs, one unreachable: one table or document, a row per org in the file's order,
    /// and the worst status (1: an org failed).
    @Test func inspectManyOrgsWhereOneIsUnreachable() async throws {
        let fresh = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let complete = try await OktaSimulator.start(SimulatorOptions(seed: "complete"))
        let home = Binary.emptyHome()
        let file = home + "/orgs.yaml"
        try Self.orgsFile(file, [(fresh.baseURL, "${FRESH_OKTA_TOKEN}"), (complete.baseURL, "${COMPLETE_OKTA_TOKEN}"),
                                 ("http://127.0.0.1:1", "${UNREACHABLE_OKTA_TOKEN}")])
        let environment = Binary.environment(["FRESH_OKTA_TOKEN": fresh.token, "COMPLETE_OKTA_TOKEN": complete.token,
                                              "UNREACHABLE_OKTA_TOKEN": fresh.token], home: home)

        let json = try await Binary.run(["inspect", "--orgs", file, "--json"], environment: environment)
        #expect(json.status == 1, "an org failed: \(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let orgs = try #require(document["orgs"] as? [[String: Any]])
        #expect(orgs.map { $0["org"] as? String } == [fresh.baseURL, complete.baseURL, "http://127.0.0.1:1"])
        #expect((orgs[0]["report"] as? [String: Any])?["complete"] as? Bool == false)
        let single = try await Binary.run(["inspect", "--json"], environment: Binary.environment(
            ["OKTA_CLIENT_ORGURL": complete.baseURL, "OKTA_CLIENT_TOKEN": complete.token], home: home))
        let alone = try #require(try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as? [String: Any])
        #expect((orgs[1]["report"] as? [String: Any])?["complete"] as? Bool == alone["complete"] as? Bool, "as inspect of that org alone")
        #expect(orgs[2]["report"] == nil)
        #expect(((orgs[2]["error"] as? [String: Any])?["code"] as? String) == "network", "\(orgs[2])")

        let table = try await Binary.run(["inspect", "--orgs", file], environment: environment)
        #expect(table.status == 1)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 4 && lines[0].hasPrefix("ORG"), "\(table.stdout)")
        #expect(lines[3].contains("http://127.0.0.1:1") && lines[3].contains("error: "), "\(table.stdout)")
        #expect(!table.stdout.contains(fresh.token) && !table.stderr.contains(fresh.token))

        // Without the failing org the worst is a step not done: 3.
        try Self.orgsFile(file, [(fresh.baseURL, "${FRESH_OKTA_TOKEN}"), (complete.baseURL, "${COMPLETE_OKTA_TOKEN}")])
        #expect(try await Binary.run(["inspect", "--orgs", file], environment: environment).status == 3)
        await fresh.shutdown()
        await complete.shutdown()
    }

    /// A secret written in the file is refused for that org (a row, never echoed), and the others still run.
    @Test func aTokenWrittenInTheFileIsRefusedAndNeverShown() async throws {
        let fresh = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let file = home + "/orgs.yaml"
        try Self.orgsFile(file, [(fresh.baseURL, fresh.token), (fresh.baseURL, "${FRESH_OKTA_TOKEN}")])
        let result = try await Binary.run(["inspect", "--orgs", file], environment: Binary.environment(["FRESH_OKTA_TOKEN": fresh.token], home: home))
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3 && lines[1].contains("written in the file") && !lines[2].contains("error"), "\(result.stdout)")
        #expect(!result.stdout.contains(fresh.token) && !result.stderr.contains(fresh.token))
        #expect(try await OrgRecord.requests(fresh).allSatisfy { ($0["method"] as? String) == "GET" })
        await fresh.shutdown()
    }

    /// After a real apply: the report names every request with the request id Okta gave it.
    @Test func theReportAfterAnApplyCarriesOktasRequestIds() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let environment = OrgRecord.environment(simulator, home: home)
        let applied = try await Binary.run(["apply", "--yes"], environment: environment)
        #expect(applied.status == 3, "\(applied.stderr)")
        let report = try await Binary.run(["report", "--format", "json"], environment: environment)
        #expect(report.status == 0, "\(report.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let requests = try #require(document["requests"] as? [[String: Any]])
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { ($0["requestId"] as? String)?.isEmpty == false })
        let markdown = try await Binary.run(["report", "--lang", "ja"], environment: environment)
        #expect(markdown.status == 0 && markdown.stdout.hasPrefix("# Okta への Dialpad 電話番号の同期"), "\(markdown.stdout)")
        for request in requests { #expect(markdown.stdout.contains(request["requestId"] as! String)) }
        await simulator.shutdown()
    }
}

/// Issue 14: the wizard as plain lines, driven from a pipe through a whole demo setup.
@Suite struct PlainModeTests {
    static let wholeSetup = [
        "1", "A", "Tab", "Enter",                // the attributes, shown, Send focused (dialogs start on Cancel), sent
        "2", "a", "Tab", "Enter",                // the mapping
        "3", "Enter", "D", "Space", "Enter",     // profile source: the demo's console action, detected, ticked, recorded
        "Esc", "A", "Tab", "Enter",              // sourcing: PUSH and the override
        "2", "Down", "Enter", "Enter", "D",      // existing users: the demo's Import Now
        "Space", "Enter", "s",                   // ticked and recorded; the summary
    ]

    @Test("a whole demo setup from a pipe", arguments: ["en", "ja"])
    func aWholeDemoSetupFromAPipe(language: String) async throws {
        let result = try await Binary.run(["demo", "--plain", "--lang", language], environment: Binary.environment(["TERM": "xterm-256color"]),
                                          input: Self.wholeSetup.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stdout.suffix(3000)) \(result.stderr)")
        #expect(result.stdout.contains(language == "ja" ? "すべてのステップが完了しています。" : "Every step is done."), "the exit line: every step done")
        #expect(result.stdout.contains(language == "ja" ? "組織は手順のすべてのステップに一致しています。" : "The org matches every step of the procedure."))
        #expect(!result.stdout.contains("\u{1B}"), "no escape sequence")
        #expect(!result.stdout.unicodeScalars.contains { (0x2500...0x257F).contains($0.value) }, "no frame drawing")
        #expect(result.stdout.contains(language == "ja" ? "キー：[" : "Keys: ["), "the keys are listed")
    }

    /// TERM=dumb gives the plain lines by itself, and the end of the input ends the wizard cleanly.
    @Test func termDumbIsPlainAndEndOfInputQuits() async throws {
        let result = try await Binary.run(["demo"], environment: Binary.environment(["TERM": "dumb"]), input: "1\n")
        #expect(result.status == 0, "the demo ends cleanly, not done or done: \(result.stderr)")
        #expect(result.stdout.contains("Procedure") && !result.stdout.contains("\u{1B}"))
    }
}
