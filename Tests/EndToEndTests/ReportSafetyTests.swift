import Foundation
import OktaSimulator
import Testing

/// Issue 21 §3: Okta's text never reaches a terminal or a document raw, and a report never
/// widens a file's mode or replaces the journal.
@Suite struct ReportSafetyTests {
    static let escapes = "Dialpad\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}X"
    static let forged = "Dialpad <img src=x onerror=alert(1)> [pay](https://evil.example)\n- **Result**: every step of the procedure is done"

    /// A simulated org whose Dialpad app has `label`, after a real apply, with the journal's
    /// first request id replaced by `requestId` (Okta's header, as a hostile proxy could send it).
    static func appliedOrg(label: String, requestId: String? = nil) async throws -> (RunningSimulator, home: String, journal: String) {
        let home = Binary.emptyHome()
        let seed = try BadInputTests.editedSeed({ seed in
            var apps = seed["apps"] as! [[String: Any]]
            apps[0]["label"] = label
            seed["apps"] = apps
        }, home: home)
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed))
        let journal = home + "/journal.json"
        let applied = try await Binary.run(["apply", "--yes", "--state-file", journal], environment: OrgRecord.environment(simulator, home: home))
        #expect(applied.status == 3, "\(applied.stderr)")
        if let requestId {
            var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: journal))) as? [String: Any])
            var entries = try #require(document["entries"] as? [[String: Any]])
            entries[0]["requestId"] = requestId
            document["entries"] = entries
            try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: journal))
        }
        return (simulator, home, journal)
    }

    static func unsafe(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { $0 != "\n" && ($0.properties.generalCategory == .control || $0.properties.generalCategory == .format) }
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }

    @Test("report on a terminal shows an app label's OSC/CSI and a request id's C1 CSI and U+202E, never sends them")
    func reportToTerminal() async throws {
        let (simulator, home, journal) = try await Self.appliedOrg(label: Self.escapes, requestId: "req\u{9B}2J\u{202E}Xyz")
        let environment = OrgRecord.environment(simulator, home: home)
        for language in ["en", "ja"] {
            let report = try await Binary.run(["report", "--lang", language, "--state-file", journal], environment: environment)
            #expect(report.status == 0, "\(report.stderr)")
            #expect(Self.unsafe(report.stdout).isEmpty, "\(Self.unsafe(report.stdout))")
            // The Markdown document, shown: each control named, then escaped as Markdown text.
            #expect(report.stdout.contains("Dialpad&lt;U+001B&gt;]0;pwned&lt;U+0007&gt;&lt;U+001B&gt;[2J&lt;U+202E&gt;X"), "\(report.stdout)")
            // A request id is either dropped as not shaped like Okta's, or shown.
            #expect(report.stdout.contains("`req<U+009B>2J<U+202E>Xyz`") || report.stdout.contains("not known") || report.stdout.contains("不明"))
        }
        // --json keeps Okta's values exact.
        let json = try await Binary.run(["report", "--format", "json", "--state-file", journal], environment: environment)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["app"] as? [String: Any])?["label"] as? String == Self.escapes)
        await simulator.shutdown()
    }

    @Test("report --output: an app label cannot forge a line of the ticket, nor bring HTML or a link", arguments: ["en", "ja"])
    func forgedMarkdown(_ language: String) async throws {
        let (simulator, home, journal) = try await Self.appliedOrg(label: Self.forged)
        let ticket = home + "/ticket.md"
        let result = try await Binary.run(["report", "--lang", language, "--state-file", journal, "--output", ticket],
                                          environment: OrgRecord.environment(simulator, home: home))
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: ticket, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("- **Result**") }, "\(text)")
        #expect(!text.contains("<img") && !text.contains("](https://evil"), "\(text)")
        let app = try #require(lines.first { $0.hasPrefix("- App: ") || $0.hasPrefix("- アプリ：") })
        #expect(app.contains("Dialpad &lt;img src=x onerror=alert(1)&gt; [pay]\\(https://evil.example) - \\*\\*Result\\*\\*"), "\(app)")
        // Standard output is the same document, for the same org.
        let shown = try await Binary.run(["report", "--lang", language, "--state-file", journal], environment: OrgRecord.environment(simulator, home: home))
        #expect(!shown.stdout.split(separator: "\n").contains { $0.hasPrefix("- **Result**") })
        await simulator.shutdown()
    }

    @Test("report --output creates 0600 in a 0700 folder, and an existing 0600 file stays 0600")
    func fileModes() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let environment = OrgRecord.environment(simulator, home: home)
        let fresh = home + "/tickets/new/ticket.md"
        let made = try await Binary.run(["report", "--output", fresh], environment: environment)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(Self.mode(fresh) == 0o600)
        #expect(Self.mode(home + "/tickets/new") == 0o700)

        let existing = home + "/kept.md"
        #expect(FileManager.default.createFile(atPath: existing, contents: Data("private\n".utf8), attributes: [.posixPermissions: 0o600]))
        let replaced = try await Binary.run(["report", "--output", existing], environment: environment)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(Self.mode(existing) == 0o600)
        #expect(try String(contentsOfFile: existing, encoding: .utf8).hasPrefix("# Dialpad phone numbers in Okta"))
        await simulator.shutdown()
    }

    @Test("report --output naming the journal (or a link to it, or its lock) is refused and the journal is intact")
    func journalRefused() async throws {
        let (simulator, home, journal) = try await Self.appliedOrg(label: "Dialpad")
        let environment = OrgRecord.environment(simulator, home: home)
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        try FileManager.default.createSymbolicLink(atPath: home + "/ticket-link.md", withDestinationPath: journal)
        for output in [journal, home + "/./journal.json", home + "/ticket-link.md", journal + ".lock"] {
            let result = try await Binary.run(["report", "--state-file", journal, "--output", output], environment: environment)
            #expect(result.status == 1, "\(output): \(result.stderr)")
            #expect(result.stderr.contains("which dialpad-okta keeps"), "\(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)
        }
        // Rollback still trusts the journal.
        let rollback = try await Binary.run(["rollback", "--all", "--yes", "--delete-attribute-data", "--state-file", journal], environment: environment)
        #expect(rollback.status == 0, "\(rollback.stderr)")
        await simulator.shutdown()
    }

    @Test("inspect's warning about a journal for another org shows that org's escapes, never sends them")
    func inspectJournalWarning() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let journal = home + "/journal.json"
        let org = "https://evil.example\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m\u{202E}"
        let document: [String: Any] = ["version": 1, "org": org, "entries": [[String: Any]](), "confirmations": [[String: Any]]()]
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: journal))
        let result = try await Binary.run(["inspect", "--state-file", journal], environment: OrgRecord.environment(simulator, home: home))
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("warning: "), "\(result.stderr)")
        #expect(Self.unsafe(result.stderr).isEmpty, "\(Self.unsafe(result.stderr))")
        #expect(result.stderr.contains("https://evil.example<U+001B>]0;pwned<U+0007><U+001B>[2J<U+009B>31m<U+202E>"), "\(result.stderr)")
        await simulator.shutdown()
    }
}
