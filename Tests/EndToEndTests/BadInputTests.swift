import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OktaClient
import OktaSimulator
import Testing
import TestSupport

/// The bad-input catalogue: each row is something an admin (or the network between them and
/// Okta) can get wrong, with the message fragment it must produce, the exit status, and
/// proof that nothing changed in the org. `BAD_INPUT_TABLE=path` writes the rows as the
/// README's table.
@Suite(.serialized) struct BadInputTests {
    typealias Script = @Sendable (ScriptCall) -> ScriptedReply

    enum Org: Sendable {
        /// No org is reached: refused before any request.
        case none
        case seed(String)
        /// A seed derived from fresh.json by an edit.
        case edited(@Sendable (inout [String: Any]) -> Void)
        case faulty(FaultKind)
        case script(Script)
        /// A seed whose API token belongs to an admin with these roles.
        case roles(String, [String])
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var area: String
        var input: String
        var org: Org
        /// `{HOME}` becomes the run's home directory.
        var arguments: [String]
        var environment: [String: String] = [:]
        var prepare: (@Sendable (_ home: String, _ org: String) throws -> Void)?
        var fragment: String
        var status: Int32
        var testDescription: String { "\(area): \(input)" }
    }

    static let validShapedToken = "00" + String(repeating: "Zq9", count: 14)

    static func apply(_ extra: [String] = []) -> [String] { ["apply", "--yes", "--state-file", "{HOME}/journal.json"] + extra }

    static func json(_ body: String, status: Int = 200, headers: [(String, String)] = []) -> Script {
        { _ in ScriptedReply.json(body, status: status, headers: headers) }
    }

    static func page(_ body: String, status: Int, type: String = "text/html") -> Script {
        { _ in ScriptedReply(status, headers: [("Content-Type", type)], body: body) }
    }

    static func journal(_ fields: String) -> @Sendable (String, String) throws -> Void {
        { home, org in
            let text = fields.replacingOccurrences(of: "{ORG}", with: org)
            try text.write(toFile: home + "/journal.json", atomically: true, encoding: .utf8)
        }
    }

    static func file(_ relative: String, _ contents: String) -> @Sendable (String, String) throws -> Void {
        { home, _ in
            let path = home + "/" + relative
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try contents.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    static let dialpadId = "0oaOjMqNowS6JZTZPspC"

    static let rows: [Row] = [
        // The org URL
        Row(area: "org URL", input: "no scheme (acme.okta.com)", org: .none, arguments: ["inspect", "--org", "acme.okta.com"], fragment: "has no scheme", status: 1),
        Row(area: "org URL", input: "plain http to a remote host", org: .none, arguments: ["inspect", "--org", "http://acme.okta.com"], fragment: "Plain http is refused", status: 1),
        Row(area: "org URL", input: "Admin Console URL (-admin.okta.com)", org: .none, arguments: ["inspect", "--org", "https://acme-admin.okta.com"], fragment: "is the Admin Console's address", status: 1),
        Row(area: "org URL", input: "Admin Console dashboard URL (preview)", org: .none, arguments: ["inspect", "--org", "https://acme-admin.oktapreview.com/admin/dashboard"], fragment: "is the Admin Console's address", status: 1),
        Row(area: "org URL", input: "{yourOktaDomain} placeholder", org: .none, arguments: ["inspect", "--org", "https://{yourOktaDomain}"], fragment: "placeholder", status: 1),
        Row(area: "org URL", input: "URL with a path", org: .none, arguments: ["inspect", "--org", "https://acme.okta.com/app/UserHome"], fragment: "without a path", status: 1),
        Row(area: "org URL", input: "URL with a query", org: .none, arguments: ["inspect", "--org", "https://acme.okta.com/?fromURI=x"], fragment: "without a path", status: 1),
        Row(area: "org URL", input: "ftp:// scheme", org: .none, arguments: ["inspect", "--org", "ftp://acme.okta.com"], fragment: "must start with https://", status: 1),
        Row(area: "org URL", input: "user:password@ in the URL", org: .none, arguments: ["inspect", "--org", "https://admin:pw@acme.okta.com"], fragment: "must not carry a user name", status: 1),
        Row(area: "org URL", input: "host ending in .com.com", org: .none, arguments: ["inspect", "--org", "https://acme.okta.com.com"], fragment: "ends in .com.com", status: 1),
        Row(area: "org URL", input: "https:// twice", org: .none, arguments: ["inspect", "--org", "https://https://acme.okta.com"], fragment: "twice", status: 1),
        Row(area: "org URL", input: "scheme only (https://)", org: .none, arguments: ["inspect", "--org", "https://"], fragment: "is not a URL", status: 1),
        Row(area: "org URL", input: "empty --org", org: .none, arguments: ["inspect", "--org", ""], fragment: "No Okta org URL was given", status: 1),
        Row(area: "org URL", input: "nothing listens there", org: .none, arguments: ["inspect", "--org", "http://127.0.0.1:9"], fragment: "127.0.0.1 refused the connection", status: 1),

        // The token
        Row(area: "token", input: "space inside the token", org: .seed("fresh"), arguments: apply(), environment: ["OKTA_CLIENT_TOKEN": "00abc def0123456789"], fragment: "contains whitespace inside it", status: 1),
        Row(area: "token", input: "tab inside the token", org: .seed("fresh"), arguments: apply(), environment: ["OKTA_CLIENT_TOKEN": "00abc\tdef0123456789"], fragment: "contains whitespace inside it", status: 1),
        Row(area: "token", input: "token pasted with \"SSWS \"", org: .seed("fresh"), arguments: apply(), environment: ["OKTA_CLIENT_TOKEN": "SSWS 00abcdef"], fragment: "starts with \"SSWS \"", status: 1),
        Row(area: "token", input: "a Bearer access token instead", org: .seed("fresh"), arguments: apply(), environment: ["OKTA_CLIENT_TOKEN": "Bearer eyJhbGciOi"], fragment: "starts with \"Bearer \"", status: 1),
        Row(area: "token", input: "blank token", org: .seed("fresh"), arguments: apply(), environment: ["OKTA_CLIENT_TOKEN": "   "], fragment: "is empty", status: 1),
        Row(area: "token", input: "non-ASCII characters (smart quote)", org: .seed("fresh"), arguments: apply(), environment: ["OKTA_CLIENT_TOKEN": "\u{201C}00abcdef\u{201D}"], fragment: "characters an Okta token never has", status: 1),
        Row(area: "token", input: "revoked or wrong token (401)", org: .seed("fresh"), arguments: apply(), environment: ["OKTA_CLIENT_TOKEN": validShapedToken], fragment: "Okta rejected the credentials", status: 1),
        Row(area: "token", input: "expired token (401 E0000011)", org: .script(json(#"{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorCauses":[]}"#, status: 401)), arguments: apply(), fragment: "The API token is wrong, expired or revoked", status: 1),
        Row(area: "token", input: "admin without permission (403 E0000006)", org: .script(json(#"{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action","errorCauses":[]}"#, status: 403)), arguments: apply(), fragment: "too weak a role", status: 1),
        Row(area: "token", input: "token without the scope (403 insufficient_scope)", org: .script(json(#"{"errorCode":"E0000006","errorSummary":"You do not have permission","errorCauses":[]}"#, status: 403, headers: [("WWW-Authenticate", #"Bearer authorization_uri="x", realm="IdpMyAccountAPI", scope="okta.apps.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.""#)])), arguments: apply(), fragment: "lacks the scope okta.apps.read", status: 1),

        // The org's content
        Row(area: "org", input: "no Dialpad app", org: .seed("no-app"), arguments: apply(), fragment: "No Dialpad app in this org, so the setup cannot be finished; nothing was written", status: 1),
        Row(area: "org", input: "two apps labelled Dialpad", org: .seed("ambiguous"), arguments: apply(), fragment: "apps that look like Dialpad", status: 1),
        Row(area: "org", input: "--app-id of an app that does not exist", org: .seed("fresh"), arguments: apply(["--app-id", "0oaDoesNotExist00000"]), fragment: "no app with id 0oaDoesNotExist00000", status: 1),
        Row(area: "org", input: "the Dialpad app is not a SCIM (provisioning) app", org: .edited { seed in
            var apps = seed["apps"] as! [[String: Any]]
            apps[0]["provisioning"] = false
            apps[0]["features"] = [String]()
            seed["apps"] = apps
        }, arguments: apply(), fragment: "is not a SCIM provisioning app", status: 1),
        Row(area: "org", input: "--app-id of a bookmark app", org: .seed("fresh"), arguments: apply(["--app-id", "{BOOKMARK}"]), fragment: "Company Intranet", status: 1),
        // A conflict is no longer bad input: apply writes what does not rest on it and names it
        // (exit 3); ConflictAndFailedRunCommandTests holds those runs.

        // What comes back from Okta (or from something in between)
        Row(area: "answer", input: "JSON cut short", org: .script(json(#"[{"id":"0oa1","name":"dialpad","label":"Dia"#)), arguments: apply(), fragment: "not JSON, or cut short", status: 1),
        Row(area: "answer", input: "empty 200 body", org: .script(json("")), arguments: apply(), fragment: "not JSON, or cut short", status: 1),
        Row(area: "answer", input: "plain text instead of JSON", org: .script(page("OK", status: 200, type: "text/plain")), arguments: apply(), fragment: "is not the JSON Okta documents", status: 1),
        Row(area: "answer", input: "JSON of the wrong shape", org: .script(json(#"{"apps":[]}"#)), arguments: apply(), fragment: "unexpected value at top level", status: 1),
        Row(area: "answer", input: "a proxy's 502 HTML error page", org: .script(page("<html><body><h1>502 Bad Gateway</h1></body></html>", status: 502)), arguments: apply(), fragment: "with a body that is not an Okta error", status: 1),
        Row(area: "answer", input: "a captive portal's 200 HTML page", org: .script(page("<!DOCTYPE html><html><title>Sign in to Wi-Fi</title></html>", status: 200)), arguments: apply(), fragment: "returned an HTML page instead of Okta's JSON", status: 1),
        Row(area: "answer", input: "a body over 32 MB", org: .script(page("[" + String(repeating: " ", count: 33 * 1_048_576) + "]", status: 200, type: "application/json")), arguments: apply(), fragment: "larger than 32 MB", status: 1),
        Row(area: "answer", input: "Okta's 500 on every try", org: .script(json(#"{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorCauses":[]}"#, status: 500)), arguments: apply(), fragment: "Okta had an internal error", status: 1),
        Row(area: "answer", input: "rate limit never clears (429)", org: .script { _ in
            ScriptedReply.json(#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests.","errorCauses":[]}"#, status: 429,
                               headers: [("X-Rate-Limit-Limit", "100"), ("X-Rate-Limit-Remaining", "0"), ("X-Rate-Limit-Reset", String(Int(Date().timeIntervalSince1970)))])
        }, arguments: apply(), fragment: "rate limit stayed exhausted", status: 1),
        Row(area: "answer", input: "connection closed without an answer, every time", org: .faulty(.drop), arguments: apply(), fragment: "closed the connection before answering", status: 1),
        Row(area: "answer", input: "next-page link to another host", org: .script { call in
            if call.request.path == "/api/v1/apps" {
                return ScriptedReply.json("[]", headers: [("Link", "<https://evil.example.com/api/v1/apps?after=x>; rel=\"next\"")])
            }
            return ScriptedReply.json(#"{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorCauses":[]}"#, status: 503)
        }, arguments: apply(), fragment: "refusing to follow it with the credentials", status: 1),
        Row(area: "answer", input: "redirect to another host", org: .script { _ in
            ScriptedReply(302, headers: [("Location", "https://evil.example.com/api/v1/apps")], body: "")
        }, arguments: apply(), fragment: "redirect to evil.example.com", status: 1),

        // The state file (journal)
        Row(area: "journal", input: "corrupt journal", org: .seed("fresh"), arguments: apply(), prepare: journal("{\"version\":1,\"org\":"), fragment: "is damaged and was left untouched", status: 1),
        Row(area: "journal", input: "journal of another org", org: .seed("fresh"), arguments: apply(), prepare: journal(#"{"version":1,"org":"https://other.okta.com","entries":[]}"#), fragment: "belongs to https://other.okta.com", status: 1),
        Row(area: "journal", input: "journal of another app", org: .seed("fresh"), arguments: apply(), prepare: journal(#"{"version":1,"org":"{ORG}","appId":"0oaSomeOtherApp00000","entries":[]}"#), fragment: "is for app 0oaSomeOtherApp00000", status: 1),
        Row(area: "journal", input: "journal from a newer version", org: .seed("fresh"), arguments: apply(), prepare: journal(#"{"version":99,"org":"{ORG}","entries":[]}"#), fragment: "written by a newer dialpad-okta", status: 1),
        Row(area: "journal", input: "journal naming an unknown step", org: .seed("fresh"), arguments: ["resume", "--state-file", "{HOME}/journal.json"], prepare: journal(#"{"version":1,"org":"{ORG}","appId":"0oaOjMqNowS6JZTZPspC","entries":[{"step":"frobnicate","method":"POST","path":"/x","body":{},"before":null,"outcome":"intent","at":"x"}]}"#), fragment: "is damaged", status: 1),
        Row(area: "journal", input: "edited journal: an entry's path points at another resource", org: .seed("fresh"), arguments: ["rollback", "--all", "--yes", "--state-file", "{HOME}/journal.json"], prepare: journal(#"{"version":1,"org":"{ORG}","appId":"0oaOjMqNowS6JZTZPspC","entries":[{"step":"mapping","method":"POST","path":"/api/v1/users/00u7g1jywD78jhi5MLGZ/lifecycle/deactivate","body":{},"before":{"expression":"appuser.x"},"after":{"expression":"appuser.dialpadPhone"},"outcome":"done","at":"x"}]}"#), fragment: "does not match what that step writes in this org now; nothing was sent", status: 1),
        Row(area: "journal", input: "state directory is a file", org: .seed("fresh"), arguments: ["apply", "--yes", "--state-file", "{HOME}/afile/journal.json"], prepare: file("afile", "x"), fragment: "Cannot create the state directory", status: 1),
        Row(area: "journal", input: "read-only state directory", org: .seed("fresh"), arguments: ["apply", "--yes", "--state-file", "/proc/self/journal.json"], fragment: "is not writable", status: 1),
        Row(area: "journal", input: "resume with no journal", org: .seed("fresh"), arguments: ["resume", "--state-file", "{HOME}/journal.json"], fragment: "there is no setup to resume", status: 1),
        Row(area: "journal", input: "rollback with no journal", org: .seed("fresh"), arguments: ["rollback", "--all", "--yes", "--state-file", "{HOME}/journal.json"], fragment: "this tool made no change to roll back", status: 1),

        // Files and flags
        Row(area: "config", input: "okta.yaml that is not YAML", org: .none, arguments: ["inspect"], environment: ["OKTA_CLIENT_TOKEN": ""], prepare: file(".okta/okta.yaml", "okta:\n  client: [unclosed\n    token: 00abc"), fragment: "is not valid YAML", status: 1),
        Row(area: "config", input: "okta.yaml with another layout", org: .none, arguments: ["inspect"], prepare: file(".okta/okta.yaml", "- orgUrl: https://acme.okta.com\n"), fragment: "does not have the okta: client: layout", status: 1),
        Row(area: "config", input: "token from ~/.okta/okta.yaml, configured there for another org", org: .seed("fresh"), arguments: ["inspect"], environment: ["OKTA_CLIENT_TOKEN": ""], prepare: file(".okta/okta.yaml", "okta:\n  client:\n    orgUrl: https://acme.okta.com\n    token: 00abcdefghijklmnopqrstuvwxyz0123456789AB\n"), fragment: "sends a credential only to the org it was configured with", status: 1),
        Row(area: "config", input: "token in the environment, org only in ~/.okta/okta.yaml", org: .none, arguments: ["inspect"], prepare: file(".okta/okta.yaml", "okta:\n  client:\n    orgUrl: https://acme.okta.com\n"), fragment: "names no org", status: 1),
        Row(area: "config", input: "--ca-file that does not exist", org: .seed("fresh"), arguments: ["inspect", "--ca-file", "{HOME}/nope.pem"], fragment: "does not exist or cannot be read", status: 1),
        Row(area: "usage", input: "apply off a terminal without --yes", org: .seed("fresh"), arguments: ["apply"], fragment: "pass --yes", status: 2),
        Row(area: "usage", input: "unknown step id", org: .seed("fresh"), arguments: ["rollback", "--step", "frobnicate", "--yes"], fragment: "The value 'frobnicate' is invalid for '--step <step>'", status: 2),
        Row(area: "usage", input: "unknown phase", org: .seed("fresh"), arguments: ["apply", "--yes", "--phase", "everything"], fragment: "Please provide one of 'attributes', 'mappings' or 'sourcing'", status: 2),
        Row(area: "usage", input: "unknown language", org: .seed("fresh"), arguments: ["inspect", "--lang", "xx"], fragment: "Please provide one of 'en' and 'ja'", status: 2),
        Row(area: "usage", input: "rollback with neither --step nor --all", org: .seed("fresh"), arguments: ["rollback", "--yes"], fragment: "Give exactly one of --step ID or --all", status: 2),
        Row(area: "usage", input: "rollback without --yes", org: .seed("fresh"), arguments: ["rollback", "--all"], fragment: "pass --yes", status: 2),
        Row(area: "usage", input: "simulator fault rate out of range", org: .none, arguments: ["simulator", "--fault", "drop=1.5"], fragment: "RATE between 0 and 1", status: 2),
    ]

    static func editedSeed(_ edit: @Sendable (inout [String: Any]) -> Void, home: String) throws -> String {
        let fresh = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/OktaSimulator/Seeds/fresh.json")
        var seed = try JSONSerialization.jsonObject(with: Data(contentsOf: fresh)) as! [String: Any]
        edit(&seed)
        let path = home + "/seed.json"
        try JSONSerialization.data(withJSONObject: seed).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("bad input is refused with a specific message, an exit status, and no change", arguments: rows)
    func badInput(_ row: Row) async throws {
        let home = Binary.emptyHome()
        var simulator: RunningSimulator?
        var script: ScriptServer?
        var environment = Binary.environment(["OKTA_CLIENT_TOKEN": Self.validShapedToken], home: home)
        switch row.org {
        case .none: break
        case .seed(let name): simulator = try await OktaSimulator.start(SimulatorOptions(seed: name))
        case .edited(let edit): simulator = try await OktaSimulator.start(SimulatorOptions(seed: try Self.editedSeed(edit, home: home)))
        case .faulty(let kind):
            var options = SimulatorOptions(seed: "fresh")
            options.faults = [kind: 1]
            simulator = try await OktaSimulator.start(options)
        case .script(let replies): script = try await ScriptServer.start(replies)
        case .roles(let seed, let roles):
            var options = SimulatorOptions(seed: seed)
            options.adminRoles = roles
            simulator = try await OktaSimulator.start(options)
        }
        if let simulator { environment.merge(["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token]) { $1 } }
        if let script { environment["OKTA_CLIENT_ORGURL"] = script.baseURL }
        environment.merge(row.environment) { $1 }
        try row.prepare?(home, environment["OKTA_CLIENT_ORGURL"] ?? "")
        var stateBefore: String?
        if let simulator { stateBefore = try await OrgRecord.state(simulator) }
        let journalBefore = FileManager.default.contents(atPath: home + "/journal.json")

        var bookmarkId = ""
        if row.arguments.contains("{BOOKMARK}"), let simulator { bookmarkId = try await Self.appId(labelled: "Company Intranet", in: simulator) }
        let arguments = row.arguments.map { $0.replacingOccurrences(of: "{HOME}", with: home).replacingOccurrences(of: "{BOOKMARK}", with: bookmarkId) }
        let result = try await Binary.run(arguments, environment: environment)
        #expect(result.status == row.status, "\(row.testDescription): exit \(result.status); \(result.stderr)")
        #expect(result.stderr.contains(row.fragment), "\(row.testDescription): \(result.stderr)")
        #expect(!result.stderr.contains(environment["OKTA_CLIENT_TOKEN"] ?? "never") || (environment["OKTA_CLIENT_TOKEN"] ?? "").count < 12)
        if let simulator {
            #expect(try await OrgRecord.state(simulator) == stateBefore, "\(row.testDescription): the org is unchanged")
            #expect(try await OrgRecord.appliedWrites(simulator).isEmpty)
            await simulator.shutdown()
        }
        if let script {
            #expect(script.requests.allSatisfy { $0.method == "GET" }, "\(row.testDescription): no write was sent")
            await script.stop()
        }
        #expect(FileManager.default.contents(atPath: home + "/journal.json") == journalBefore, "the journal is untouched")
    }

    static func appId(labelled label: String, in simulator: RunningSimulator) async throws -> String {
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: true)
        let apps = try await client.searchApps(q: label)
        await client.shutdown()
        return apps.first { $0.label == label }?.id ?? "missing"
    }

    @Test func catalogueIsLargeEnoughAndWritesTheREADMETable() throws {
        #expect(Self.rows.count >= 40)
        print("bad input catalogue: \(Self.rows.count) cases")
        guard let path = ProcessInfo.processInfo.environment["BAD_INPUT_TABLE"] else { return }
        var table = "| Area | Input | Message contains | Exit |\n| --- | --- | --- | --- |\n"
        for row in Self.rows {
            func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
            table += "| \(row.area) | \(cell(row.input)) | `\(cell(row.fragment))` | \(row.status) |\n"
        }
        try table.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
