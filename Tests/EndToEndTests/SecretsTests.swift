import Foundation
import OktaSimulator
import Testing
import TestSupport

/// The API token never reaches stdout, stderr (also with --verbose), the journal, an error
/// message, or any file under HOME and the XDG directories; and never any host but the org's.
@Suite(.serialized) struct SecretsTests {
    /// The token and long pieces of it: a leak of a prefix or suffix is still a leak.
    static func fragments(of token: String) -> [String] {
        [token, String(token.prefix(16)), String(token.suffix(16)), String(token.dropFirst(12).prefix(16))]
    }

    static func files(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        return enumerator.compactMap { $0 as? String }.map { directory + "/" + $0 }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    static func expectNoLeak(_ token: String, in text: String, _ what: String) {
        for fragment in fragments(of: token) { #expect(!text.contains(fragment), "\(what) holds part of the token") }
    }

    /// Over plain HTTP and over TLS, where the simulator speaks HTTP/2 as Okta does (docs/REAL-ORGS.md R9).
    @Test(arguments: [false, true]) func everyCommandWithVerboseKeepsTheTokenOutOfOutputAndFiles(overTLS: Bool) async throws {
        var options = SimulatorOptions(seed: "fresh")
        options.tls = overTLS
        let simulator = try await OktaSimulator.start(options)
        let home = Binary.emptyHome()
        for directory in ["state", "config", "cache", "tmp"] {
            try FileManager.default.createDirectory(atPath: home + "/" + directory, withIntermediateDirectories: true)
        }
        var extra = ["XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config", "XDG_CACHE_HOME": home + "/cache", "TMPDIR": home + "/tmp"]
        if let caFile = simulator.caFile { extra["SSL_CERT_FILE"] = caFile }
        let environment = OrgRecord.environment(simulator, home: home, extra)
        let runs: [[String]] = [
            ["inspect", "--verbose"], ["inspect", "--json", "--verbose"], ["plan", "--verbose"],
            ["apply", "--yes", "--verbose"], ["apply", "--yes", "--json", "--verbose"], ["resume", "--verbose"],
            ["confirm", "new-users-only", "--yes", "--verbose"],
            ["rollback", "--all", "--yes", "--delete-attribute-data", "--verbose"],
            ["rollback", "--all", "--yes", "--verbose"], ["inspect", "--app-id", "0oaNoSuchApp00000000", "--verbose"],
        ]
        var verboseLines = 0
        for arguments in runs {
            let result = try await Binary.run(arguments, environment: environment)
            Self.expectNoLeak(simulator.token, in: result.stdout, "stdout of \(arguments)")
            Self.expectNoLeak(simulator.token, in: result.stderr, "stderr of \(arguments)")
            verboseLines += result.stderr.split(separator: "\n").filter { $0.contains(" -> ") }.count
        }
        #expect(verboseLines > 20, "the --verbose trace was on (\(verboseLines) request lines)")
        if overTLS {
            let versions = Set(try await OrgRecord.requests(simulator).compactMap { $0["httpVersion"] as? String })
            #expect(versions == ["2"], "every request over HTTP/2: \(versions)")
        }
        let files = Self.files(under: home)
        #expect(files.contains { $0.hasSuffix(".json") && $0.contains("/state/dialpad-okta/") }, "the journal was written: \(files)")
        for file in files {
            let contents = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
            Self.expectNoLeak(simulator.token, in: contents, file)
        }
        await simulator.shutdown()
    }

    @Test func aFailingApplyUnderFaultsLeaksNothing() async throws {
        var options = SimulatorOptions(seed: "fresh")
        options.faults = [.serverError: 0.5, .drop: 0.3]
        options.faultSeed = 11
        let simulator = try await OktaSimulator.start(options)
        let home = Binary.emptyHome()
        let environment = OrgRecord.environment(simulator, home: home)
        for arguments in [["apply", "--yes", "--verbose", "--state-file", home + "/j.json"], ["resume", "--verbose", "--state-file", home + "/j.json"],
                          ["apply", "--yes", "--json", "--state-file", home + "/j.json"]] {
            let result = try await Binary.run(arguments, environment: environment)
            Self.expectNoLeak(simulator.token, in: result.stdout + result.stderr, "\(arguments)")
        }
        for file in Self.files(under: home) {
            Self.expectNoLeak(simulator.token, in: String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self), file)
        }
        await simulator.shutdown()
    }

    @Test("an error page that echoes the request headers does not leak the token", arguments: [502, 500, 401, 200])
    func echoedToken(status: Int) async throws {
        let token = "00" + String(repeating: "Sx7", count: 14)
        let server = try await ScriptServer.start { call in
            let echoed = call.request.header("Authorization") ?? ""
            return ScriptedReply(status, headers: [("Content-Type", "text/html")],
                                 body: "<html><pre>Request headers:\nAuthorization: \(echoed)\n</pre></html>")
        }
        let home = Binary.emptyHome()
        let result = try await Binary.run(["apply", "--yes", "--verbose", "--json", "--state-file", home + "/j.json"],
                                          environment: Binary.environment(["OKTA_CLIENT_ORGURL": server.baseURL, "OKTA_CLIENT_TOKEN": token], home: home))
        #expect(result.status == 1)
        #expect(server.requests.contains { $0.header("Authorization") == "SSWS " + token }, "the org did receive the token")
        Self.expectNoLeak(token, in: result.stdout + result.stderr, "output for HTTP \(status)")
        await server.stop()
    }

    @Test func theTokenGoesToTheOrgOnlyNeverToALinkedHost() async throws {
        let foreign = try await ScriptServer.start { _ in .json("[]") }
        let org = try await ScriptServer.start { call in
            if call.request.path == "/api/v1/apps" {
                return .json("[]", headers: [("Link", "<\(foreign.baseURL)/api/v1/apps?after=x>; rel=\"next\"")])
            }
            return .json(#"{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorCauses":[]}"#, status: 503)
        }
        let home = Binary.emptyHome()
        let result = try await Binary.run(["inspect"], environment: Binary.environment(["OKTA_CLIENT_ORGURL": org.baseURL, "OKTA_CLIENT_TOKEN": "00" + String(repeating: "Lk4", count: 14)], home: home))
        #expect(result.status == 1)
        #expect(result.stderr.contains("refusing to follow it with the credentials"), "\(result.stderr)")
        #expect(foreign.requestCount == 0, "the other host (another port on loopback) received nothing")
        await org.stop()
        await foreign.stop()
    }
}
