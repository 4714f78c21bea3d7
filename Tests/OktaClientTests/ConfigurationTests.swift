import Foundation
import Testing
@testable import OktaClient

@Suite("Configuration resolution")
struct ConfigurationTests {
    enum Level: String, CaseIterable, Sendable { case flag, env, cwd, home }

    static func orgValue(_ level: Level) -> String { "https://\(level.rawValue)org.okta.com" }
    static func tokenValue(_ level: Level) -> String { "00token\(level.rawValue)ABCDEFGHIJ" }
    static func source(_ level: Level, token: Bool) -> String {
        switch level {
        case .flag: return token ? "the prompt" : "--org"
        case .env: return token ? "OKTA_CLIENT_TOKEN" : "OKTA_CLIENT_ORGURL"
        case .cwd: return "./okta.yaml"
        case .home: return "~/.okta/okta.yaml"
        }
    }

    /// Temporary home and working directories, removed afterwards.
    struct Dirs {
        let home: URL
        let cwd: URL
        init() throws {
            home = try temporaryDirectory("home")
            cwd = try temporaryDirectory("cwd")
        }
        func cleanup() {
            try? FileManager.default.removeItem(at: home)
            try? FileManager.default.removeItem(at: cwd)
        }
        func write(_ level: Level, _ text: String) throws {
            switch level {
            case .cwd: try text.write(to: cwd.appendingPathComponent("okta.yaml"), atomically: true, encoding: .utf8)
            case .home:
                let dir = home.appendingPathComponent(".okta")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try text.write(to: dir.appendingPathComponent("okta.yaml"), atomically: true, encoding: .utf8)
            default: fatalError("not a file level")
            }
        }
    }

    static func yaml(org: String?, token: String?) -> String {
        var text = "okta:\n  client:\n"
        if let org { text += "    orgUrl: \"\(org)\"\n" }
        if let token { text += "    token: \(token)\n" }
        return text
    }

    /// Builds inputs where the org is given at `orgLevels` and the token at `tokenLevels`.
    static func resolve(org orgLevels: Set<Level>, token tokenLevels: Set<Level>, dirs: Dirs) throws -> OktaConfiguration {
        var env: [String: String] = ["OKTA_CLIENT_UNRELATED": "x"]
        if orgLevels.contains(.env) { env["OKTA_CLIENT_ORGURL"] = orgValue(.env) }
        if tokenLevels.contains(.env) { env["OKTA_CLIENT_TOKEN"] = tokenValue(.env) }
        for level in [Level.cwd, .home] where orgLevels.contains(level) || tokenLevels.contains(level) {
            try dirs.write(level, yaml(org: orgLevels.contains(level) ? orgValue(level) : nil,
                                       token: tokenLevels.contains(level) ? tokenValue(level) : nil))
        }
        let inputs = OktaConfiguration.Inputs(
            orgFlag: orgLevels.contains(.flag) ? orgValue(.flag) : nil,
            tokenFlag: tokenLevels.contains(.flag) ? Secret(tokenValue(.flag)) : nil,
            environment: env, homeDirectory: dirs.home.path, workingDirectory: dirs.cwd.path)
        return try OktaConfiguration.resolve(inputs)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var org: Set<Level>
        var token: Set<Level>
        var testDescription: String {
            "org from \(org.map(\.rawValue).sorted()), token from \(token.map(\.rawValue).sorted())"
        }
    }

    static let cases: [Case] = [
        Case(org: [.flag, .env, .cwd, .home], token: [.flag, .env, .cwd, .home]),
        Case(org: [.env, .cwd, .home], token: [.env, .cwd, .home]),
        Case(org: [.cwd, .home], token: [.cwd, .home]),
        Case(org: [.home], token: [.home]),
        Case(org: [.flag], token: [.home]),
        Case(org: [.home], token: [.flag, .cwd]),
        Case(org: [.cwd, .home], token: [.env, .home]),
        Case(org: [.env, .home], token: [.cwd]),
        Case(org: [.flag, .cwd], token: [.env]),
        Case(org: [.cwd, .home], token: [.home]),
        Case(org: [.env, .home], token: [.home]),
        Case(org: [.cwd], token: [.env, .home]),
    ]

    /// Issue 16: a credential goes only to the org it was configured with. Values differ by
    /// level here, so a token's own org is the chosen one only when both come from one level.
    enum Binding: Equatable { case allowed, otherOrg, noOrg }
    static func binding(orgWinner: Level, tokenWinner: Level, orgLevels: Set<Level>) -> Binding {
        if tokenWinner == .flag { return .allowed }
        if orgLevels.contains(tokenWinner) { return orgWinner == tokenWinner ? .allowed : .otherOrg }
        return orgWinner == .flag ? .allowed : .noOrg
    }

    @Test("flag > env > ./okta.yaml > ~/.okta/okta.yaml; a token goes only with the org of its own source", arguments: cases)
    func precedence(_ c: Case) throws {
        let dirs = try Dirs()
        defer { dirs.cleanup() }
        let order: [Level] = [.flag, .env, .cwd, .home]
        let orgWinner = try #require(order.first { c.org.contains($0) })
        let tokenWinner = try #require(order.first { c.token.contains($0) })
        let expected = Self.binding(orgWinner: orgWinner, tokenWinner: tokenWinner, orgLevels: c.org)
        guard expected == .allowed else {
            let error = try #require(throws: OktaError.self) { try Self.resolve(org: c.org, token: c.token, dirs: dirs) }
            switch error.problem {
            case .credentialForOtherOrg(let credentialSource, let credentialOrg, let org, let orgSource):
                #expect(expected == .otherOrg)
                #expect(credentialSource == Self.source(tokenWinner, token: true) && orgSource == Self.source(orgWinner, token: false))
                #expect(credentialOrg == Self.orgValue(tokenWinner) && org == Self.orgValue(orgWinner))
            case .credentialWithoutOrg(let credentialSource, let org, let orgSource):
                #expect(expected == .noOrg)
                #expect(credentialSource == Self.source(tokenWinner, token: true) && orgSource == Self.source(orgWinner, token: false))
                #expect(org == Self.orgValue(orgWinner))
            default:
                Issue.record("unexpected \(error)")
            }
            #expect(renderings(error).allSatisfy { !$0.contains(Self.tokenValue(tokenWinner)) })
            return
        }
        let configuration = try Self.resolve(org: c.org, token: c.token, dirs: dirs)
        #expect(configuration.orgURL.description == Self.orgValue(orgWinner))
        #expect(configuration.token.reveal() == Self.tokenValue(tokenWinner))
        #expect(configuration.orgSource == Self.source(orgWinner, token: false))
        #expect(configuration.tokenSource == Self.source(tokenWinner, token: true))
    }

    @Test("a token in okta.yaml that others may read draws a warning, as the Okta SDKs do")
    func readableFileWarns() throws {
        let dirs = try Dirs()
        defer { dirs.cleanup() }
        try dirs.write(.home, Self.yaml(org: "https://home.okta.com", token: "00hometoken123"))
        let file = dirs.home.appendingPathComponent(".okta/okta.yaml").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let inputs = OktaConfiguration.Inputs(environment: [:], homeDirectory: dirs.home.path, workingDirectory: dirs.cwd.path)
        let exposed = try OktaConfiguration.resolve(inputs)
        #expect(exposed.exposures == [.readableConfigurationFile(label: "~/.okta/okta.yaml", key: false, mode: 0o644)])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(try OktaConfiguration.resolve(inputs).exposures.isEmpty)
    }

    @Test("empty environment variables are ignored")
    func emptyEnvironmentIgnored() throws {
        let dirs = try Dirs()
        defer { dirs.cleanup() }
        try dirs.write(.home, Self.yaml(org: "https://home.okta.com", token: "00hometoken123"))
        let configuration = try OktaConfiguration.resolve(.init(
            environment: ["OKTA_CLIENT_ORGURL": "", "OKTA_CLIENT_TOKEN": ""], homeDirectory: dirs.home.path, workingDirectory: dirs.cwd.path))
        #expect(configuration.orgURL.host == "home.okta.com")
        #expect(configuration.token.reveal() == "00hometoken123")
    }

    @Test("nothing anywhere: a configuration error asking for the org, then for the token")
    func missingValues() throws {
        let dirs = try Dirs()
        defer { dirs.cleanup() }
        let noOrg = #expect(throws: OktaError.self) {
            _ = try OktaConfiguration.resolve(.init(environment: [:], homeDirectory: dirs.home.path, workingDirectory: dirs.cwd.path))
        }
        #expect(noOrg?.code == .configuration)
        #expect(noOrg?.problem == .orgURLMissing(source: nil))
        let noToken = #expect(throws: OktaError.self) {
            _ = try OktaConfiguration.resolve(.init(orgFlag: "https://acme.okta.com", environment: [:],
                                                    homeDirectory: dirs.home.path, workingDirectory: dirs.cwd.path))
        }
        #expect(noToken?.code == .configuration)
        #expect(noToken?.problem == .tokenMissing(org: "https://acme.okta.com"))
    }

    static let secretInFile = "00SECRETinFILE0123456789"

    @Test("a malformed okta.yaml names the file and never shows its token", arguments: [
        (Level.cwd, "okta:\n  client:\n    token: \(secretInFile)\n    orgUrl: [https://acme.okta.com\n"),
        (Level.home, "okta: {client: {token: \"\(secretInFile)\", orgUrl: \"https://acme.okta.com\"\n"),
        (Level.cwd, "okta:\n  client:\n    token: \"\(secretInFile)\n      orgUrl: x: y: z\n\t- oops\n"),
    ])
    func malformedYAML(level: Level, text: String) throws {
        let dirs = try Dirs()
        defer { dirs.cleanup() }
        try dirs.write(level, text)
        let error = #expect(throws: OktaError.self) {
            _ = try OktaConfiguration.resolve(.init(environment: [:], homeDirectory: dirs.home.path, workingDirectory: dirs.cwd.path))
        }
        #expect(error?.code == .configuration)
        #expect(error?.problem == .settingsFileNotYAML(file: Self.source(level, token: false)), "\(String(describing: error))")
        for text in error.map(renderings) ?? [] {
            #expect(!text.contains(Self.secretInFile))
        }
    }

    @Test("okta.yaml with the wrong layout or types is a configuration error naming the file", arguments: [
        ("- okta\n- client\n", OktaError.Problem.settingsFileLayout(file: "./okta.yaml")),
        ("okta:\n  client:\n    orgUrl: 12345\n    token: 00abc\n", .settingWrongType(key: "okta.client.orgUrl", file: "./okta.yaml", expected: .string)),
        ("okta:\n  client:\n    orgUrl: https://acme.okta.com\n    token: [a, b]\n", .settingWrongType(key: "okta.client.token", file: "./okta.yaml", expected: .string)),
    ])
    func wrongLayout(text: String, problem: OktaError.Problem) throws {
        let dirs = try Dirs()
        defer { dirs.cleanup() }
        try dirs.write(.cwd, text)
        let error = #expect(throws: OktaError.self) {
            _ = try OktaConfiguration.resolve(.init(environment: [:], homeDirectory: dirs.home.path, workingDirectory: dirs.cwd.path))
        }
        #expect(error?.problem == problem, "\(String(describing: error))")
    }

    @Test("an empty okta.yaml is no settings, not an error")
    func emptyYAML() throws {
        let dirs = try Dirs()
        defer { dirs.cleanup() }
        try dirs.write(.cwd, "")
        try dirs.write(.home, Self.yaml(org: "https://acme.okta.com", token: "00tokenhome123"))
        let configuration = try OktaConfiguration.resolve(.init(environment: [:], homeDirectory: dirs.home.path, workingDirectory: dirs.cwd.path))
        #expect(configuration.orgSource == "~/.okta/okta.yaml")
    }

    @Test("an admin URL gives the admin-URL message and says where it came from", arguments: [Level.flag, .env, .cwd, .home])
    func adminURL(level: Level) throws {
        let dirs = try Dirs()
        defer { dirs.cleanup() }
        let admin = "https://acme-admin.okta.com"
        var env: [String: String] = ["OKTA_CLIENT_TOKEN": "00tokenabc123"]
        switch level {
        case .flag: break
        case .env: env["OKTA_CLIENT_ORGURL"] = admin
        case .cwd, .home: try dirs.write(level, Self.yaml(org: admin, token: nil))
        }
        let error = #expect(throws: OktaError.self) {
            _ = try OktaConfiguration.resolve(.init(orgFlag: level == .flag ? admin : nil, environment: env,
                                                    homeDirectory: dirs.home.path, workingDirectory: dirs.cwd.path))
        }
        #expect(error?.code == .configuration)
        #expect(error?.problem == .orgURLAdminConsole(url: admin, orgHost: "acme.okta.com", source: Self.source(level, token: false)))
    }

    @Test("a bad token names its source", arguments: [Level.env, .cwd, .home])
    func badTokenNamesSource(level: Level) throws {
        let dirs = try Dirs()
        defer { dirs.cleanup() }
        var env: [String: String] = [:]
        switch level {
        case .env: env["OKTA_CLIENT_TOKEN"] = "SSWS 00abcdefgh123"
        default: try dirs.write(level, Self.yaml(org: nil, token: "\"SSWS 00abcdefgh123\""))
        }
        let error = #expect(throws: OktaError.self) {
            _ = try OktaConfiguration.resolve(.init(orgFlag: "https://acme.okta.com", environment: env,
                                                    homeDirectory: dirs.home.path, workingDirectory: dirs.cwd.path))
        }
        #expect(error?.problem == .tokenWithScheme(source: Self.source(level, token: true), scheme: "SSWS"))
        #expect(error.map(renderings)?.allSatisfy { !$0.contains("00abcdefgh123") } == true)
    }
}
