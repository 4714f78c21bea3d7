import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

@Suite struct SimulatorCommandTests {
    /// The documented contract: two `KEY=value` lines first, then serve until SIGTERM.
    @Test func printsConnectionLinesThenServesUntilSIGTERM() async throws {
        let simulator = try await SimulatorProcess.start(["--seed", "complete", "--port", "0"], lines: 2)
        defer { simulator.stop() }
        let process = simulator.process, lines = simulator.lines
        try #require(lines.count >= 2)
        #expect(lines[0].range(of: #"^OKTA_CLIENT_ORGURL=http://127\.0\.0\.1:[0-9]+$"#, options: .regularExpression) != nil)
        #expect(lines[1].hasPrefix("OKTA_CLIENT_TOKEN=") && lines[1].count > 30)

        let orgURL = String(lines[0].dropFirst("OKTA_CLIENT_ORGURL=".count))
        let token = String(lines[1].dropFirst("OKTA_CLIENT_TOKEN=".count))
        let inspect = try await Binary.run(["inspect"], environment: Binary.environment(["OKTA_CLIENT_ORGURL": orgURL, "OKTA_CLIENT_TOKEN": token]))
        #expect(inspect.status == 0, "\(inspect.stderr)")

        process.terminate() // SIGTERM
        var waited = 0
        while process.isRunning && waited < 100 {
            try await Task.sleep(for: .milliseconds(50))
            waited += 1
        }
        let exited = !process.isRunning
        #expect(exited, "the simulator stops within 5 s of SIGTERM")
        if exited { #expect(process.terminationStatus == 0) }
    }

    @Test func rateLimitFlagSetsABucketsPerMinuteLimit() async throws {
        let simulator = try await SimulatorProcess.start(["--seed", "fresh", "--rate-limit", "/api/v1=2"], lines: 2)
        defer { simulator.stop() }
        let lines = simulator.lines
        try #require(lines.count >= 2)
        let orgURL = String(lines[0].dropFirst("OKTA_CLIENT_ORGURL=".count))
        let token = String(lines[1].dropFirst("OKTA_CLIENT_TOKEN=".count))
        var request = URLRequest(url: try #require(URL(string: orgURL + "/api/v1/meta/types/user/default")))
        request.setValue("SSWS " + token, forHTTPHeaderField: "Authorization")
        var statuses: [Int] = []
        var limits: [String?] = []
        for _ in 0..<3 {
            let (_, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            statuses.append(http.statusCode)
            limits.append(http.value(forHTTPHeaderField: "X-Rate-Limit-Limit"))
        }
        #expect(statuses == [200, 200, 429], "the third request in the minute is over the limit of 2")
        #expect(limits == ["2", "2", "2"])
    }

    @Test func rateLimitFlagRefusesAnUnknownBucket() async throws {
        let result = try await Binary.run(["simulator", "--rate-limit", "/api/v2=5"], environment: Binary.environment())
        #expect(result.status == 2)
        #expect(result.stderr.contains("/api/v1/apps/{id}"))
    }

    @Test func unknownSeedListsTheSeeds() async throws {
        let result = try await Binary.run(["simulator", "--seed", "nope"], environment: Binary.environment())
        // A usage error, as every flag value the command line refuses (exit 2, CommandLineRefusal).
        #expect(result.status == 2)
        #expect(result.stderr.contains("fresh") && result.stderr.contains("large"))
    }
}
