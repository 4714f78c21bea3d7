import Foundation
import OktaSimulator
import Testing

/// `dialpad-okta inspect` as a user runs it: the real binary, over real loopback HTTP.
@Suite struct InspectCommandTests {
    static let stepIds = ["okta-attribute", "app-attribute", "mapping", "existing-users", "profile-source", "push-status", "source-priority"]
    static let phases = ["attributes", "attributes", "mappings", "mappings", "sourcing", "sourcing", "sourcing"]

    func withSimulator<T>(_ seed: String, _ body: (RunningSimulator) async throws -> T) async throws -> T {
        try await EndToEndTests.withSimulator(SimulatorOptions(seed: seed), body)
    }

    @Test("inspect --json on each seed", arguments: [
        ("fresh", Int32(3)), ("partial", 3), ("conflict", 3), ("complete", 0), ("no-app", 3), ("large", 3),
    ])
    func json(seed: String, expectedExit: Int32) async throws {
        try await withSimulator(seed) { simulator in
            let before = try await simulator.stateJSON()
            let result = try await Binary.run(["inspect", "--json"], environment: env(simulator))
            #expect(result.status == expectedExit, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["org"] as? String == simulator.baseURL)
            let steps = try #require(object["steps"] as? [[String: Any]])
            #expect(steps.map { $0["id"] as? String } == Self.stepIds)
            #expect(steps.map { $0["phase"] as? String } == Self.phases)
            let allowed: Set = ["ok", "missing", "differs", "conflict", "manual", "blocked"]
            #expect(steps.allSatisfy { allowed.contains($0["status"] as? String ?? "") && !($0["reason"] as? String ?? "").isEmpty })
            #expect(object["complete"] as? Bool == (expectedExit == 0))
            if seed == "no-app" {
                #expect(object["app"] is NSNull)
            } else {
                let app = try #require(object["app"] as? [String: Any])
                #expect(app["id"] as? String == "0oaOjMqNowS6JZTZPspC")
                #expect(app["label"] as? String == "Dialpad")
            }
            #expect(try await simulator.stateJSON() == before, "inspect never changes the org")
        }
    }

    @Test func textReportWithoutColourWhenNotATerminal() async throws {
        try await withSimulator("partial") { simulator in
            var environment = env(simulator)
            environment["NO_COLOR"] = nil
            let result = try await Binary.run(["inspect"], environment: environment)
            #expect(result.status == 3)
            #expect(!result.stdout.contains("\u{1B}["), "no escape codes into a pipe")
            #expect(result.stdout.contains("okta-attribute") && result.stdout.contains("2 of 7 steps done"))
            #expect(result.stdout.contains("App: Dialpad (0oaOjMqNowS6JZTZPspC)"))
        }
    }

    @Test func ambiguousAppListsCandidatesAndExits1() async throws {
        try await withSimulator("ambiguous") { simulator in
            let result = try await Binary.run(["inspect", "--json"], environment: env(simulator))
            #expect(result.status == 1)
            #expect(result.stderr.contains("0oaOjMqNowS6JZTZPspC") && result.stderr.contains("0oaxxzkHxKsukQPDO4Q9"))
            #expect(result.stderr.contains("--app-id"))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let error = try #require(document["error"] as? [String: Any])
            #expect((error["candidates"] as? [[String: Any]])?.count == 2, "--json output stays JSON on errors")
            let chosen = try await Binary.run(["inspect", "--app-id", "0oaxxzkHxKsukQPDO4Q9"], environment: env(simulator))
            #expect(chosen.status == 3)
            #expect(chosen.stdout.contains("0oaxxzkHxKsukQPDO4Q9"))
        }
    }

    @Test func badTokenNamesTheErrorCodeAndNeverPrintsTheToken() async throws {
        try await withSimulator("fresh") { simulator in
            let wrongToken = "00WrongTokenWrongTokenWrongTokenWrongToken1"
            let result = try await Binary.run(["inspect", "--json"], environment: Binary.environment(
                ["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": wrongToken]))
            #expect(result.status == 1)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect((document["error"] as? [String: Any])?["errorCode"] as? String == "E0000011")
            #expect(result.stderr.contains("E0000011"))
            #expect(result.stderr.contains("hint:"))
            #expect(!result.stderr.contains(wrongToken) && !result.stdout.contains(wrongToken))
        }
    }

    @Test("bad org URLs are refused before any request", arguments: [
        ("https://acme-admin.okta.com", "https://acme.okta.com"),
        ("http://acme.okta.com", "Plain http"),
        ("acme.okta.com", "no scheme"),
        ("https://{yourOktaDomain}", "placeholder"),
        ("https://acme.okta.com/app/UserHome", "without a path"),
    ])
    func badOrgURL(org: String, expected: String) async throws {
        let result = try await Binary.run(["inspect", "--org", org], environment: Binary.environment(["OKTA_CLIENT_TOKEN": "00abc"]))
        #expect(result.status == 1)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    @Test func missingConfigurationSaysWhereToPutIt() async throws {
        let result = try await Binary.run(["inspect"], environment: Binary.environment())
        #expect(result.status == 1)
        #expect(result.stderr.contains("OKTA_CLIENT_ORGURL") && result.stderr.contains("okta.yaml"))
    }

    @Test func oktaYAMLInHomeIsUsed() async throws {
        try await withSimulator("complete") { simulator in
            let home = Binary.emptyHome()
            try FileManager.default.createDirectory(atPath: home + "/.okta", withIntermediateDirectories: true)
            let yaml = "okta:\n  client:\n    orgUrl: \"\(simulator.baseURL)\"\n    token: \"\(simulator.token)\"\n"
            try yaml.write(toFile: home + "/.okta/okta.yaml", atomically: true, encoding: .utf8)
            let result = try await Binary.run(["inspect", "--json"], environment: Binary.environment(home: home))
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    @Test func verboseTraceGoesToStderrWithoutTheToken() async throws {
        try await withSimulator("complete") { simulator in
            let result = try await Binary.run(["inspect", "--json", "--verbose"], environment: env(simulator))
            #expect(result.status == 0)
            #expect(result.stderr.contains("GET /api/v1/meta/schemas/user/default -> 200"))
            #expect(!result.stderr.contains(simulator.token) && !result.stdout.contains(simulator.token))
            #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil, "stdout stays pure JSON")
        }
    }

    @Test func usageErrorsExit2() async throws {
        let result = try await Binary.run(["inspect", "--no-such-flag"], environment: Binary.environment())
        #expect(result.status == 2)
        #expect(result.stderr.contains("--no-such-flag"))
        #expect(!result.stderr.contains("コマンドライン"), "English stays the parser's own")
    }

    /// Issue 23 §3: under --lang ja a usage error says in Japanese that the command line was
    /// not understood and how to get help, then gives the parser's detail.
    @Test(arguments: [["inspect", "--lang", "ja", "--no-such-flag"], ["inspect", "--no-such-flag", "--lang=ja"], ["plan", "--lang", "ja", "--deadline", "soon"]])
    func usageErrorsInJapanese(arguments: [String]) async throws {
        let result = try await Binary.run(arguments, environment: Binary.environment())
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "エラー：コマンドラインを解釈できませんでした。", "\(result.stderr)")
        #expect(result.stderr.contains("--help") && result.stderr.contains(arguments.contains("--deadline") ? "soon" : "--no-such-flag"))
    }
}
