import Foundation
import OktaClient
import OktaSimulator
import Testing

/// Support bundles (issue 24): `--record FILE`, `bundle check FILE`, `simulator --replay FILE`,
/// with the real binary over loopback HTTP.
@Suite struct SupportBundleCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bundles")

    func temporary(_ name: String) -> String { Binary.emptyHome() + "/" + name }

    /// `inspect --json` as a value, without what differs between two simulators of the same
    /// org: the org's URL, and the waves, which depend on how the reads overlapped.
    static func comparable(_ stdout: String) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        object["org"] = nil
        object["waves"] = nil
        return object as NSDictionary
    }

    /// What a kept bundle's replay must give again: each step's state, fields and facts, the
    /// app and the counts. The engine's sentences (`reason`, `guidance`) are tested where they
    /// are made; a bundle tests what the org's answers make of it.
    static func result(_ stdout: String) throws -> NSDictionary {
        let object = try comparable(stdout).mutableCopy() as! NSMutableDictionary
        let steps = (object["steps"] as? [[String: Any]] ?? []).map { step in
            step.filter { $0.key != "reason" && $0.key != "guidance" }
        }
        object["steps"] = steps
        return object
    }

    static func bundle(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func recordingInspectOfEnterpriseAndReplayingItGiveTheSameInspection() async throws {
        let file = temporary("enterprise.bundle.json")
        let recorded = try await withSimulator(SimulatorOptions(seed: "enterprise")) { simulator in
            let result = try await Binary.run(["inspect", "--json", "--record", file], environment: env(simulator))
            let requests = try await OrgRecord.requests(simulator).count
            return (result, requests)
        }
        #expect(recorded.0.status == 3, "\(recorded.0.stderr)")
        var mode = stat()
        #expect(stat(file, &mode) == 0 && mode.st_mode & 0o777 == 0o600)
        let exchanges = try #require(try Self.bundle(file)["exchanges"] as? [Any])
        #expect(exchanges.count == recorded.1, "one exchange per request the org answered")

        var replayOptions = SimulatorOptions(seed: "fresh")
        replayOptions.replay = file
        let replayed = try await withSimulator(replayOptions) { simulator in
            let result = try await Binary.run(["inspect", "--json"], environment: env(simulator))
            return (result, try await OrgRecord.requests(simulator).count)
        }
        #expect(replayed.0.status == recorded.0.status, "\(replayed.0.stderr)")
        #expect(try Self.comparable(replayed.0.stdout) == Self.comparable(recorded.0.stdout))
        #expect(replayed.1 == recorded.1, "the same number of requests")
    }

    /// A bundle of `apply` holds its writes, and its org is the one before them: apply on the
    /// replay sends the same writes, and nothing else changes.
    @Test func applyRecordedAndReplayedSendsTheSameWrites() async throws {
        let file = temporary("apply.bundle.json")
        let recorded = try await withSimulator(SimulatorOptions(seed: "partial")) { simulator in
            let result = try await Binary.run(["apply", "--yes", "--record", file], environment: env(simulator))
            return (result, try await OrgRecord.appliedWrites(simulator), try await OrgRecord.requests(simulator).count)
        }
        #expect(!recorded.1.isEmpty, "partial needs writes")
        let exchanges = try #require(try Self.bundle(file)["exchanges"] as? [[String: Any]])
        #expect(exchanges.count == recorded.2)
        let writes = exchanges.filter { $0["method"] as? String != "GET" }
        #expect(writes.count == recorded.1.values.reduce(0, +) && writes.allSatisfy { $0["requestBody"] != nil })

        var options = SimulatorOptions(seed: "fresh")
        options.replay = file
        let replayed = try await withSimulator(options) { simulator in
            let result = try await Binary.run(["apply", "--yes"], environment: env(simulator))
            return (result, try await OrgRecord.appliedWrites(simulator), try await OrgRecord.requests(simulator).count)
        }
        #expect(replayed.0.status == recorded.0.status, "\(replayed.0.stderr)")
        #expect(replayed.1 == recorded.1)
        #expect(replayed.2 == recorded.2)
    }

    /// A seed whose users have logins, names and numbers of our choosing, to look for in a bundle.
    static func seedWithKnownValues() throws -> (path: String, logins: [String]) {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/OktaSimulator/Seeds/complete.json")
        var seed = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: seeds)) as? [String: Any])
        var users = try #require(seed["users"] as? [String: Any])
        // The fourth holds `/`: check-user finds it with listUsers' filter (R24), a login in a query.
        let logins = ["jane.doe@acme-corp.test", "taro.yamada@acme-corp.test", "o'brien+sales@acme-corp.test", "ops/kim@acme-corp.test"]
        users["logins"] = ["1": logins[0], "2": logins[1], "3": logins[2], "4": logins[3]]
        seed["users"] = users
        let path = Binary.emptyHome() + "/known.json"
        try JSONSerialization.data(withJSONObject: seed).write(to: URL(fileURLWithPath: path))
        return (path, logins)
    }

    /// Every spelling a value could take on its way into a bundle.
    static func spellings(_ value: String) -> [String] {
        let base64 = Data(value.utf8).base64EncodedString()
        return [value, value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, base64,
                base64.replacingOccurrences(of: "=", with: ""),
                base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""),
                value.replacingOccurrences(of: "/", with: "\\/")]
    }

    @Test func aBundleHoldsNoTokenNoHostAndNoRealLoginNameOrNumber() async throws {
        let (seed, logins) = try Self.seedWithKnownValues()
        let directory = Binary.emptyHome()
        let inspectFile = directory + "/inspect.json", userFile = directory + "/user.json", quotedFile = directory + "/quoted.json"
        let filteredFile = directory + "/filtered.json"
        try await withSimulator(SimulatorOptions(seed: seed)) { simulator in
            let inspect = try await Binary.run(["inspect", "--record", inspectFile], environment: env(simulator))
            #expect(inspect.status == 0, "\(inspect.stderr)")
            // Logins in getUser's path, one with `'` and `+` (escaped there).
            let user = try await Binary.run(["check-user", logins[0], "--record", userFile], environment: env(simulator))
            #expect(user.status == 0, "\(user.stderr)")
            let quoted = try await Binary.run(["check-user", logins[2], "--record", quotedFile], environment: env(simulator))
            #expect(quoted.status == 0 || quoted.status == 3, "\(quoted.stderr)")
            let filtered = try await Binary.run(["check-user", logins[3], "--record", filteredFile], environment: env(simulator))
            #expect(filtered.status == 0 || filtered.status == 3, "\(filtered.stderr)")
            let queries = try #require(try Self.bundle(filteredFile)["exchanges"] as? [[String: Any]]).compactMap { $0["query"] as? String }
            let filter = try #require(queries.first { $0.hasPrefix("filter=") }?.removingPercentEncoding)
            #expect(filter.range(of: #"^filter=profile\.login eq "user-[0-9a-f]{8}@example\.com"&limit=2$"#, options: .regularExpression) != nil, "\(filter)")

            let host = try #require(URL(string: simulator.baseURL)?.host)
            let port = try #require(URL(string: simulator.baseURL)?.port)
            // Users 1-20 have these names and numbers in the seed (SeedConstants).
            let names = ["Alice", "Bruno", "Chen", "Anders"]
            let numbers = ["+14155550001", "14155550001", "+14155550002", "+16505550001"]
            for file in [inspectFile, userFile, quotedFile, filteredFile] {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                for secret in [simulator.token] + logins + numbers {
                    for spelling in Self.spellings(secret) { #expect(!text.contains(spelling), "\(file) holds \(spelling)") }
                }
                for name in names { #expect(!text.contains("\"\(name)\""), "\(file) holds the name \(name)") }
                #expect(!text.contains(host) && !text.contains(":\(port)"), "\(file) holds the org's host")
                #expect(!text.contains("SSWS"))
                let inspection = try SupportBundle.inspect(path: file, secrets: [simulator.token], hosts: [host])
                #expect(inspection.findings == [])
            }
            let header = try #require(try Self.bundle(inspectFile)["header"] as? [String: Any])
            let replaced = try #require(header["pseudonymised"] as? [String: Any])
            #expect((replaced["phoneNumbers"] as? Int ?? 0) > 0 && (replaced["emails"] as? Int ?? 0) > 0, "the seed's values were there to replace")
            #expect(header["orgKind"] as? String == "simulator")
            #expect(header["command"] as? String == "inspect --record ‹value›")
            let userHeader = try #require(try Self.bundle(userFile)["header"] as? [String: Any])
            #expect(userHeader["command"] as? String == "check-user ‹value› --record ‹value›")

            let check = try await Binary.run(["bundle", "check", inspectFile], environment: env(simulator))
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        }

        // check-user on the replay, by the login's fake (read from the bundle: the table is
        // never written down), judges the user as on the org.
        let original = try await withSimulator(SimulatorOptions(seed: seed)) { simulator in
            try await Binary.run(["check-user", logins[0], "--json"], environment: env(simulator))
        }
        let exchanges = try #require(try Self.bundle(userFile)["exchanges"] as? [[String: Any]])
        let userPath = try #require(exchanges.compactMap { $0["path"] as? String }.first { $0.hasPrefix("/api/v1/users/") })
        let fake = try #require(String(userPath.dropFirst("/api/v1/users/".count)).removingPercentEncoding)
        #expect(fake.hasSuffix("@example.com") && fake != logins[0])
        var options = SimulatorOptions(seed: "fresh")
        options.replay = userFile
        let replayed = try await withSimulator(options) { simulator in
            try await Binary.run(["check-user", fake, "--json"], environment: env(simulator))
        }
        #expect(replayed.status == original.status, "\(replayed.stderr)")
        let before = try #require(try JSONSerialization.jsonObject(with: Data(original.stdout.utf8)) as? [String: Any])
        let after = try #require(try JSONSerialization.jsonObject(with: Data(replayed.stdout.utf8)) as? [String: Any])
        for key in ["reason", "assigned", "dialpadSourcesUsers", "userId", "userType", "sourcePriority", "lastSync"] {
            #expect((before[key] as? NSObject) == (after[key] as? NSObject), "\(key)")
        }
        #expect(after["login"] as? String == fake)
        let number = try #require(after["appUserNumber"] as? String).filter(\.isNumber)
        #expect(number.count == 11 && number.hasPrefix("1") && number.dropFirst(4).hasPrefix("55501"), "a fictional number: \(number)")
        #expect((before["appUserNumber"] as? String == before["oktaNumber"] as? String) == (after["appUserNumber"] as? String == after["oktaNumber"] as? String))
    }

    /// With a service app: no access token, DPoP proof, client assertion or token endpoint
    /// exchange in the bundle, and no private key material.
    @Test func aServiceAppsRunRecordsNoTokenEndpointAndNoProof() async throws {
        let oauth = OAuthCommandTests()
        try await oauth.withServiceApp(seed: "complete") { setup in
            let file = setup.directory.appendingPathComponent("oauth.bundle.json").path
            let result = try await Binary.run(["inspect", "--record", file], environment: oauth.oauthEnvironment(setup))
            #expect(result.status == 0, "\(result.stderr)")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            oauth.expectNoSecrets([text], setup)
            #expect(!text.contains("access_token") && !text.contains("client_assertion"))
            let exchanges = try #require(try Self.bundle(file)["exchanges"] as? [[String: Any]])
            #expect(!exchanges.isEmpty && exchanges.allSatisfy { ($0["path"] as? String)?.hasPrefix("/api/v1/") == true })
            #expect(await setup.simulator.oauthCounts()["issued"] == 1, "the token endpoint was used, and left out")
        }
    }

    @Test func bundleCheckRefusesAPlantedTokenOrEmailAndNamesWhere() async throws {
        let clean = Self.fixtures.appendingPathComponent("complete.json").path
        let token = "00plantedTokenValue_0123456789abcdefghijKLMN"
        var document = try Self.bundle(clean)
        var exchanges = try #require(document["exchanges"] as? [[String: Any]])
        var first = exchanges[0]
        first["headers"] = ["X-Okta-Request-Id": Data(token.utf8).base64EncodedString()]
        exchanges[0] = first
        var second = exchanges[1]
        second["query"] = "filter=" + ("profile.login eq \"jane@acme.com\"".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        exchanges[1] = second
        document["exchanges"] = exchanges
        let planted = temporary("planted.json")
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: planted))

        let inspection = try SupportBundle.inspect(path: planted, secrets: [token], hosts: [])
        #expect(inspection.findings == [.token(at: "exchanges[0].headers.X-Okta-Request-Id"),
                                        .email("jane@acme.com", at: "exchanges[1].query")])
        let environment = Binary.environment(["OKTA_CLIENT_TOKEN": token, "OKTA_CLIENT_ORGURL": "https://acme.okta.com"])
        let result = try await Binary.run(["bundle", "check", planted], environment: environment)
        #expect(result.status == 1)
        #expect(result.stdout.contains("exchanges[0].headers.X-Okta-Request-Id") && result.stdout.contains("exchanges[1].query"))
        #expect(!result.stdout.contains(token))
        let japanese = try await Binary.run(["bundle", "check", "--lang", "ja", planted], environment: environment)
        #expect(japanese.status == 1 && japanese.stdout.contains("送付しないでください"))
        let original = try await Binary.run(["bundle", "check", clean], environment: environment)
        #expect(original.status == 0, "\(original.stdout)")
        let notABundle = try await Binary.run(["bundle", "check", "/etc/hostname"], environment: environment)
        #expect(notABundle.status == 1 && notABundle.stdout.isEmpty)
    }

    @Test func aBadBundleIsRefusedWithAClearError() async throws {
        let deep = temporary("deep.json")
        try Data(("{\"format\":\"dialpad-okta-support-bundle\",\"exchanges\":" + String(repeating: "[", count: 10_000)).utf8)
            .write(to: URL(fileURLWithPath: deep))
        let notJSON = temporary("not.json")
        try Data("not json".utf8).write(to: URL(fileURLWithPath: notJSON))
        let badId = temporary("bad-id.json")
        try Data(#"{"format":"dialpad-okta-support-bundle","exchanges":[{"method":"GET","path":"/api/v1/apps","status":200,"body":[{"id":"../../x"}]}]}"#.utf8)
            .write(to: URL(fileURLWithPath: badId))
        for file in [deep, notJSON, badId, temporary("missing.json")] {
            var options = SimulatorOptions(seed: "fresh")
            options.replay = file
            await #expect { _ = try await OktaSimulator.start(options) } throws: { error in
                (error as? SimulatorError)?.code == "bundle-invalid"
            }
        }
        let result = try await Binary.run(["simulator", "--replay", deep], environment: Binary.environment())
        #expect(result.status == 1 && result.stderr.contains(deep), "\(result.stderr)")
    }

    /// Recorded traffic (a go-vcr cassette, as terraform-provider-okta keeps them) becomes a
    /// bundle through the same allow-list and pseudonyms as a run.
    @Test func aCassetteBecomesABundleWithoutItsPersonalValues() async throws {
        let cassette = temporary("cassette.yaml"), out = temporary("vcr.json")
        try Data("""
        ---
        version: 2
        interactions:
            - id: 0
              request:
                body: ""
                headers:
                    Authorization:
                        - SSWS 00secretSecretSecretSecret
                url: https://acme.okta.com/api/v1/users/jane.doe%40acme.com
                method: GET
              response:
                body: '{"id":"00ukwuqd5tELITmq01d7","status":"ACTIVE","profile":{"login":"jane.doe@acme.com","firstName":"Jane","mobilePhone":"+1 415 555 2671"},"credentials":{"password":{}},"_links":{"self":{"href":"https://acme.okta.com/api/v1/users/00ukwuqd5tELITmq01d7"}}}'
                headers:
                    X-Okta-Request-Id:
                        - reqId123
                code: 200
        """.utf8).write(to: URL(fileURLWithPath: cassette))
        let result = try await Binary.run(["bundle", "from-vcr", "--out", out, cassette], environment: Binary.environment())
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        for value in ["jane.doe", "Jane", "2671", "acme", "secret", "credentials", "_links"] { #expect(!text.contains(value), "\(value)") }
        let exchanges = try #require(try Self.bundle(out)["exchanges"] as? [[String: Any]])
        let body = try #require(exchanges.first?["body"] as? [String: Any])
        #expect(body["id"] as? String == "00ukwuqd5tELITmq01d7")
        #expect(try SupportBundle.inspect(path: out, secrets: [], hosts: ["acme.okta.com"]).findings == [])
    }

    /// What a bundle never read is said, not invented: the replay names it.
    @Test func aReplayNamesWhatTheBundleDoesNotHold() throws {
        let gaps = try OktaSimulator.notInBundle(Self.fixtures.appendingPathComponent("terraform-classic-00.json").path)
        #expect(gaps.contains("the schema of user type otykwukf1vbl1j1rA1d7"))
        #expect(gaps.contains { $0.hasPrefix("mapping prmkwu9sptfVOV5ma1d7") })
    }

    /// Every bundle kept in the repo replays: inspect on it gives the result it recorded.
    @Test func everyBundleInTheRepoReplaysToItsRecordedInspection() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expected.json") }.sorted()
        #expect(!files.isEmpty)
        for name in files {
            let expectedURL = Self.fixtures.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".expected.json"))
            // A new bundle's expected result is written by UPDATE_BUNDLES=1; the rest of the
            // file (BundleLifecycleTests' `lifecycle`) is kept as it is.
            let stored = (try? JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL))) as? [String: Any]
            let expected = try #require(ProcessInfo.processInfo.environment["UPDATE_BUNDLES"] == "1" ? stored ?? [:] : stored, "\(name) has its expected result")
            var options = SimulatorOptions(seed: "fresh")
            options.replay = Self.fixtures.appendingPathComponent(name).path
            try await withSimulator(options) { simulator in
                let result = try await Binary.run(["inspect", "--json"], environment: env(simulator))
                if ProcessInfo.processInfo.environment["UPDATE_BUNDLES"] == "1" {
                    var document = expected
                    document["exit"] = Int(result.status)
                    document["inspect"] = try Self.comparable(result.stdout)
                    try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]).write(to: expectedURL)
                    return
                }
                #expect(Int(result.status) == expected["exit"] as? Int, "\(name): \(result.stderr)")
                let inspection = try #require(expected["inspect"] as? [String: Any])
                #expect(try Self.result(result.stdout) == Self.result(String(decoding: JSONSerialization.data(withJSONObject: inspection), as: UTF8.self)),
                        "\(name) replays to another result than it recorded; if the product's judgement changed on purpose, UPDATE_BUNDLES=1")
            }
        }
    }
}
