import Foundation
@testable import OktaClient
import Testing

/// The support bundle's recorder and checker against the attack on issue 24 (findings 2-11):
/// each test holds a value the attack got into a bundle, or past `bundle check`.
@Suite struct SupportBundleRecorderTests {
    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bundles")

    // MARK: 2. --record's file, checked before the run

    @Test func aFileThatCannotTakeABundleIsRefusedBeforeTheRun() throws {
        let folder = try Self.folder()
        let journal = folder + "/journal.json"
        try Data("{\"version\":1}".utf8).write(to: URL(fileURLWithPath: journal))
        let earlier = folder + "/earlier.json"
        try Data("{\"format\":\"\(SupportBundle.format)\"}".utf8).write(to: URL(fileURLWithPath: earlier))
        let cases: [(String, BundleFileError.Reason)] = [
            ("", .empty),
            (folder, .folder),
            (folder + "/", .folder),
            (folder + "/nope/b.json", .noFolder(folder: folder + "/nope")),
            ("/dev/null", .notAFile),
            (journal, .notABundle),
            (folder + "/x.json.lock", .lock),
        ]
        for (path, reason) in cases {
            #expect(throws: BundleFileError(path: path, reason: reason), "\(path)") { try SupportRecorder.checkDestination(path) }
        }
        try SupportRecorder.checkDestination(folder + "/new.json")
        try SupportRecorder.checkDestination(earlier)
    }

    /// The write at the end says why, typed, for the admin's language.
    @Test func aWriteThatFailsAtTheEndSaysWhy() throws {
        let folder = try Self.folder()
        let recorder = SupportRecorder(path: folder + "/gone/b.json", arguments: ["inspect"], product: "test",
                                       org: try OrgURL(validating: "https://acme.okta.com"))
        #expect(recorder.write() == BundleFileError(path: folder + "/gone/b.json", reason: .noFolder(folder: folder + "/gone")))
    }

    // MARK: 3. Numbers too big for Int

    static func document(version: String = "1", header: String = "{}") -> String {
        #"{"format":"dialpad-okta-support-bundle","version":\#(version),"header":\#(header),"exchanges":[]}"#
    }

    @Test(arguments: [
        document(version: "1e300"), document(version: "-1e300"), document(version: "1.5"), document(version: "0"),
        document(header: #"{"droppedExchanges":1e300}"#), document(header: #"{"droppedExchanges":-1}"#),
        document(header: #"{"pseudonymised":{"emails":1e300}}"#), document(header: #"{"pseudonymised":{"emails":"many"}}"#),
    ])
    func aNumberNoBundleHoldsIsNotABundle(text: String) throws {
        let path = try Self.folder() + "/b.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: BundleReadError(path: path, reason: .notABundle)) { try SupportBundle.inspect(path: path, secrets: [], hosts: []) }
    }

    @Test func aLaterVersionIsNamed() throws {
        let path = try Self.folder() + "/b.json"
        try Data(Self.document(version: "2").utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: BundleReadError(path: path, reason: .newerVersion(2))) { try SupportBundle.inspect(path: path, secrets: [], hosts: []) }
    }

    // MARK: 5, 6. What bundle check finds

    /// A bundle whose one app's label is `label`, and what check finds in it.
    static func findings(label: String, secrets: [String] = []) throws -> [BundleInspection.Finding] {
        let document: [String: Any] = [
            "format": SupportBundle.format, "version": 1, "header": ["command": "inspect"],
            "exchanges": [["method": "GET", "path": "/api/v1/apps", "status": 200, "body": [["id": "0oa9ZyXwVuTsRqPoNm12", "label": label]]]],
        ]
        let path = try folder() + "/b.json"
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        return try SupportBundle.inspect(path: path, secrets: secrets, hosts: []).findings
    }

    static let token = "s3cr3tT0kenValueForTestsOnly9876543210XYZ"

    @Test(arguments: [
        Data(("SSWS " + token).utf8).base64EncodedString(),
        Data(("x" + token).utf8).base64EncodedString(),
        Data(("xy" + token).utf8).base64EncodedString(),
        Data(("Bearer " + token).utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"),
        token.utf8.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(),
        token.utf8.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined().uppercased(),
    ])
    func theTokenInAnyEncodingIsFound(spelling: String) throws {
        #expect(try Self.findings(label: "App " + spelling, secrets: [Self.token]) == [.token(at: "exchanges[0].body[0].label")])
    }

    /// On another machine, without the token in the environment: Okta's tokens by their shape.
    @Test(arguments: ["SSWS 00abcdefghijABCDEFGHIJ0123456789klmnopqrst", "00abcdefghijABCDEFGHIJ0123456789klmnop_-qr",
                      "Authorization: SSWS+abcdefghijABCDEFGHIJ0123456789"])
    func anOktaTokenIsFoundByItsShape(label: String) throws {
        #expect(try Self.findings(label: label) == [.token(at: "exchanges[0].body[0].label")])
    }

    static let pem = """
    -----BEGIN PRIVATE KEY-----
    MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj
    MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu
    NMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ
    -----END PRIVATE KEY-----
    """

    @Test func theServiceAppsKeyIsFoundInAnyPieceAndAnyPEMBlockByItsShape() throws {
        let folder = try Self.folder()
        let file = folder + "/key.pem"
        try Data(Self.pem.utf8).write(to: URL(fileURLWithPath: file))
        let secrets = SupportBundle.privateKeySecrets(environment: ["OKTA_CLIENT_PRIVATEKEY": file, "HOME": folder])
        #expect(secrets.contains("MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu"))
        let line = "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu"
        #expect(try Self.findings(label: "key " + line, secrets: secrets) == [.token(at: "exchanges[0].body[0].label")])
        #expect(try Self.findings(label: "key " + line) == [], "a line alone is found as this machine's key, not by its shape")
        #expect(try Self.findings(label: Self.pem) == [.token(at: "exchanges[0].body[0].label")])
        // okta.yaml's key, written in the file itself.
        try FileManager.default.createDirectory(atPath: folder + "/.okta", withIntermediateDirectories: true)
        let yaml = "okta:\n  client:\n    privateKey: |\n" + Self.pem.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n") + "\n"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder + "/.okta/okta.yaml"))
        #expect(SupportBundle.privateKeySecrets(environment: ["HOME": folder]).contains(line))
    }

    @Test(arguments: [
        ("090-1234-5678", false), ("03-1234-5678", false), ("020 7946 0958", false), ("(03) 1234-5678", false),
        ("4155551234", false), ("09012345678", false), ("14155551234", false), ("０９０－１２３４－５６７８", false),
        ("kim＠acme.com", true), ("kim@例え.jp", true), ("kim%2540acme.com", true),
        (Data("kim.lee@acme-corp.co.jp".utf8).base64EncodedString(), true),
        ("x" + Data("kim.lee@acme-corp.co.jp".utf8).base64EncodedString(), true),
    ])
    func aNumberOrAddressInAnotherShapeIsFound(label: String, email: Bool) throws {
        let findings = try Self.findings(label: "Desk " + label)
        #expect(findings.count == 1, "\(findings)")
        guard let finding = findings.first else { return }
        if email {
            guard case .email = finding else { Issue.record("\(finding)"); return }
        } else {
            guard case .phone = finding else { Issue.record("\(finding)"); return }
        }
    }

    /// What bundles hold anyway is none of those: ids, times, request ids, rate-limit resets,
    /// the recorder's own fakes, versions.
    @Test(arguments: [
        "00u1abcdEFGH23456789", "0oa9ZyXwVuTsRqPoNm12", "prm1234567890abcdefg", "reqAbC123xyzDEF456ghi", "2026-01-15T10:00:00.000Z",
        "1765104000", "1765104000123", "+14155550123", "user-0a1b2c3d@example.com", "value-12345678", "Dialpad 2.0.1",
        "phoneNumbers.^[type=='Dialpad'].value", "String.substringBefore(user.email, \"@\")", "3.14159265358979",
        "/api/v1/apps/0oa9ZyXwVuTsRqPoNm12/users?after=00u1abcdEFGH23456789&limit=500", "0.1.2", "v2026.01.15",
    ])
    func whatBundlesHoldAnywayIsNotFound(label: String) throws {
        #expect(try Self.findings(label: label) == [])
    }

    @Test func everyBundleInTheRepoIsStillSafeToSend() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expected.json") }
        #expect(!files.isEmpty)
        for name in files {
            let inspection = try SupportBundle.inspect(path: Self.fixtures.appendingPathComponent(name).path, secrets: [], hosts: [])
            #expect(inspection.findings == [], "\(name)")
        }
    }

    // MARK: 7. Schema attributes

    @Test func aSchemaKeepsNoPersonalTextOfItsAttributes() throws {
        let schema: JSONValue = .object(["id": .string("#user"), "definitions": .object(["custom": .object(["properties": .object([
            "deskPhone": .object([
                "title": .string("Desk phone (Kimiko Tanaka, Tokyo HQ)"),
                "description": .string("Ask Kimiko Tanaka at 03-1234-5678 or kimiko.tanaka＠acme-corp.co.jp"),
                "type": .string("string"), "pattern": .string(#"[a-z.]+\@acme-corp\.co\.jp"#),
                "enum": .array([.string("Tanaka Kimiko"), .string("Sato Taro")]),
                "oneOf": .array([.object(["const": .string("Tanaka Kimiko"), "title": .string("Kimiko")])]),
                "items": .object(["type": .string("string"), "enum": .array([.string("Kimiko")])]),
                "mutability": .string("READ_WRITE"), "scope": .string("NONE"),
            ]),
            "dialpadPhone": .object(["title": .string("Dialpad Phone"), "description": .string("Kimiko's number"), "type": .string("string"),
                                     "enum": .array([.string("Tanaka Kimiko")])]),
        ])])])])
        var pseudonyms = Pseudonyms()
        let kept = BodyFilter.schema(schema, &pseudonyms)
        let text = String(decoding: try JSONEncoder().encode(kept), as: UTF8.self)
        for word in ["Kimiko", "Tanaka", "Sato", "acme", "1234", "Tokyo"] { #expect(!text.contains(word), "\(word): \(text)") }
        let desk = kept["definitions"]?["custom"]?["properties"]?["deskPhone"]
        #expect(desk == .object(["title": .string("deskPhone"), "type": .string("string"), "mutability": .string("READ_WRITE"),
                                 "scope": .string("NONE"), "items": .object(["type": .string("string")])]))
        let ours = kept["definitions"]?["custom"]?["properties"]?["dialpadPhone"]
        #expect(ours?["title"] == .string("Dialpad Phone"), "the product's own words, which it compares")
        #expect(ours?["description"]?.stringValue?.hasPrefix("value-") == true, "differs from the product's as the original did")
        guard case .array(let values)? = ours?["enum"] else { Issue.record("the enum goes: \(String(describing: ours))"); return }
        #expect(values.allSatisfy { $0.stringValue?.hasPrefix("value-") == true })
    }

    // MARK: 8. A login that looks like an id

    @Test func aPathSegmentIsKeptOnlyAsAnIdOktaGaveOrAUsersIdsShape() throws {
        var pseudonyms = Pseudonyms()
        func path(_ segment: String, known: Set<String> = []) -> String {
            SupportRecorder.path(URL(string: "https://acme.okta.com/api/v1/users/" + segment)!, route: .user, known: known, &pseudonyms)
        }
        #expect(!path("KimLee2024Tokyo").contains("KimLee2024Tokyo"))
        #expect(!path("NoSuchUser2024abc").contains("NoSuchUser2024abc"))
        #expect(!path("0oa9ZyXwVuTsRqPoNm12").contains("0oa9ZyXwVuTsRqPoNm12"), "not a user's id")
        #expect(path("KimLee2024Tokyo", known: ["KimLee2024Tokyo"]) == "/api/v1/users/KimLee2024Tokyo")
        #expect(path("00u1abcdEFGH23456789") == "/api/v1/users/00u1abcdEFGH23456789")
        #expect(path("me") == "/api/v1/users/me")
    }

    /// Through the recorder: the error's summary and the path get the same fake, and Okta's
    /// ids from an earlier answer stay as they are.
    @Test func aLoginShapedLikeAnIdLeavesNoTraceInTheBundle() throws {
        let file = try Self.folder() + "/c.json"
        let recorder = SupportRecorder(path: file, arguments: ["check-user", "KimLee2024Tokyo"], product: "test",
                                       org: try OrgURL(validating: "https://acme.okta.com"))
        let error = #"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: KimLee2024Tokyo (User)","errorCauses":[]}"#
        recorder.record(method: "GET", url: URL(string: "https://acme.okta.com/api/v1/users/KimLee2024Tokyo")!, requestBody: nil, started: Date(),
                        outcome: .success(OktaResponse(status: 404, headers: [], body: Data(error.utf8))), redactor: Redactor())
        let listing = #"[{"id":"00u1abcdEFGH23456789","status":"ACTIVE","profile":{"login":"kim@acme.com"}}]"#
        recorder.record(method: "GET", url: URL(string: "https://acme.okta.com/api/v1/apps/0oa9ZyXwVuTsRqPoNm12/users")!, requestBody: nil,
                        started: Date(), outcome: .success(OktaResponse(status: 200, headers: [], body: Data(listing.utf8))), redactor: Redactor())
        recorder.record(method: "GET", url: URL(string: "https://acme.okta.com/api/v1/apps/0oa9ZyXwVuTsRqPoNm12/users/00u1abcdEFGH23456789")!,
                        requestBody: nil, started: Date(), outcome: .success(OktaResponse(status: 404, headers: [], body: Data())), redactor: Redactor())
        #expect(recorder.write() == nil)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains("KimLee2024Tokyo") && !text.contains("kim@acme.com"))
        #expect(text.contains("/api/v1/apps/0oa9ZyXwVuTsRqPoNm12/users/00u1abcdEFGH23456789"))
    }

    // MARK: 9. A filter's literal with an escaped quote

    @Test func aFilterLiteralIsReadWithOktasEscapes() throws {
        var pseudonyms = Pseudonyms()
        let login = #"ops/taro"x"@acme-corp.co.jp"#
        let literal = login.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "filter", value: "profile.login eq \"\(literal)\""), URLQueryItem(name: "limit", value: "2")]
        let query = SupportRecorder.query(try #require(components.percentEncodedQuery), &pseudonyms)
        let filter = try #require(URLComponents(string: "?" + query)?.queryItems?.first { $0.name == "filter" }?.value)
        #expect(filter.range(of: #"^profile\.login eq "(user-[0-9a-f]{8}@example\.com|value-[0-9a-f]{8})"$"#, options: .regularExpression) != nil, "\(filter)")
        // The same fake as the login's anywhere else in the bundle.
        #expect(filter.contains(pseudonyms.fake(login)))
        #expect(SupportRecorder.literals(#"a eq "x\\" or b eq "y"#, &pseudonyms).range(of: #"^a eq "value-[0-9a-f]{8}" or b eq "value-[0-9a-f]{8}"$"#,
                                                                                          options: .regularExpression) != nil)
    }

    // MARK: 10. YAML aliases

    @Test func aCassetteWithAliasesIsRefusedAtOnce() throws {
        var yaml = "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]\n"
        }
        yaml += "interactions: [*a9]\n"
        let folder = try Self.folder()
        let cassette = folder + "/laughs.yaml"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: cassette))
        let started = Date()
        #expect(throws: SupportBundle.VCRError(path: cassette, reason: "uses YAML anchors or aliases, which go-vcr never writes")) {
            try SupportBundle.fromVCR(cassettes: [cassette], to: folder + "/l.json", product: "test")
        }
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(!FileManager.default.fileExists(atPath: folder + "/l.json"))
    }

    @Test func aCassetteWithAKeyThatIsNotTextIsRefusedNotATrap() throws {
        let folder = try Self.folder()
        let cassette = folder + "/key.yaml"
        try Data("? [a, b]\n: c\ninteractions: []\n".utf8).write(to: URL(fileURLWithPath: cassette))
        #expect(throws: SupportBundle.VCRError(path: cassette, reason: "has a mapping key that is not text")) {
            try SupportBundle.fromVCR(cassettes: [cassette], to: folder + "/k.json", product: "test")
        }
    }

    // MARK: 11. The command line in the header

    @Test(arguments: [
        (["check-user", "--record", "c1.json", "--", "-Kimiko.Tanaka"], "check-user --record ‹value› -- ‹value›", 2),
        (["check-user", "-Kimiko.Tanaka", "--json"], "check-user ‹value› --json", 1),
        (["check-user", "--Kimiko.Tanaka"], "check-user ‹value›", 1),
        (["inspect", "--org=https://acme.okta.com", "--kimiko=tanaka"], "inspect --org=‹value› ‹value›", 2),
        (["KimLee2024Tokyo", "--json"], "‹value› --json", 1),
        (["apply", "--yes", "--user-type", "oty1", "--lang", "ja"], "apply --yes --user-type ‹value› --lang ‹value›", 2),
    ])
    func everyWordThatIsNotAnOptionNameIsAValue(arguments: [String], command: String, values: Int) {
        let line = SupportRecorder.commandLine(arguments)
        #expect(line.command == command && line.values == values, "\(line)")
    }
}
