import Foundation
import OktaClient
import OktaSimulator
import Testing

/// `--record` and `bundle check` with the real binary, against the attack on issue 24.
@Suite struct SupportBundleAttackTests {
    /// Finding 2: a missing folder, a folder, "" or a file a bundle never replaces is refused
    /// before the first request, exit 2, in the admin's language; apply writes nothing.
    @Test func aBadRecordFileIsRefusedBeforeTheFirstRequest() async throws {
        let home = Binary.emptyHome()
        let journal = home + "/journal.json"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: journal))
        try await withSimulator(SimulatorOptions(seed: "partial")) { simulator in
            for file in [home + "/nope/b.json", home, "", journal] {
                for (command, language) in [(["inspect"], "en"), (["apply", "--yes"], "ja"), (["check-user", "kim@acme.com"], "ja")] {
                    let result = try await Binary.run(command + ["--lang", language, "--record", file], environment: env(simulator))
                    #expect(result.status == 2, "\(command) \(file): \(result.stderr)")
                    #expect(result.stderr.hasPrefix(language == "ja" ? "エラー: サポートバンドルを" : "error: cannot record a support bundle"), "\(result.stderr)")
                    #expect(result.stdout.isEmpty)
                }
            }
            #expect(try await OrgRecord.requests(simulator).isEmpty, "no request before the refusal")
        }
        #expect(try String(contentsOfFile: journal, encoding: .utf8) == "{}")
    }

    /// Finding 2: the folder goes away during the run; the warning at the end is Japanese
    /// under --lang ja.
    @Test func aBundleThatCannotBeWrittenAtTheEndIsSaidInTheAdminsLanguage() async throws {
        let folder = Binary.emptyHome() + "/bundles"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try await withSimulator(SimulatorOptions(seed: "complete", latencyMs: 150)) { simulator in
            async let run = Binary.run(["inspect", "--lang", "ja", "--record", folder + "/b.json"], environment: env(simulator))
            for _ in 0..<200 where try await OrgRecord.requests(simulator).isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            try FileManager.default.removeItem(atPath: folder)
            let result = try await run
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("警告: サポートバンドルを \(folder)/b.json に書き込めませんでした"), "\(result.stderr)")
            #expect(!result.stderr.contains("not written"), "\(result.stderr)")
        }
    }

    /// Findings 8, 9, 11 through the binary: a login shaped like an id, a login with escaped
    /// quotes, a value after `--`: none of them in the bundle, and check says it is safe.
    @Test func loginsOfOddShapesLeaveNoTraceInABundle() async throws {
        let directory = Binary.emptyHome()
        try await withSimulator(SimulatorOptions(seed: "complete")) { simulator in
            for (index, login) in ["KimLee2024Tokyo", #"ops/taro"x"@acme-corp.co.jp"#, "-Kimiko.Tanaka"].enumerated() {
                let file = directory + "/c\(index).json"
                let result = try await Binary.run(["check-user", "--record", file, "--", login], environment: env(simulator))
                #expect(result.status != 2 && FileManager.default.fileExists(atPath: file), "\(login): \(result.stderr)")
                let text = try String(contentsOfFile: file, encoding: .utf8)
                for piece in [login, "KimLee", "taro", "Kimiko", "acme-corp"] { #expect(!text.contains(piece), "\(login): \(piece)") }
                let bundle = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
                #expect((bundle["header"] as? [String: Any])?["command"] as? String == "check-user --record ‹value› -- ‹value›")
                #expect(try SupportBundle.inspect(path: file, secrets: [simulator.token], hosts: ["127.0.0.1"]).findings == [])
            }
        }
    }

    /// Finding 3 through the binary: no trap, "not a bundle", exit 1.
    @Test func aHugeNumberIsNotABundleNotACrash() async throws {
        let file = Binary.emptyHome() + "/h.json"
        try Data(#"{"format":"dialpad-okta-support-bundle","version":1e300,"header":{},"exchanges":[]}"#.utf8).write(to: URL(fileURLWithPath: file))
        for language in ["en", "ja"] {
            let result = try await Binary.run(["bundle", "check", "--lang", language, file], environment: Binary.environment())
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains(language == "ja" ? "サポートバンドルではありません" : "not a dialpad-okta support bundle"), "\(result.stderr)")
        }
    }
}
