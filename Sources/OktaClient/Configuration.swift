import Foundation
import Yams

/// Where the org and the credentials come from, resolved as Okta's SDKs document it:
/// command-line flags, then `OKTA_CLIENT_*` environment variables, then `./okta.yaml`
/// in the working directory, then `~/.okta/okta.yaml`.
public struct OktaConfiguration: Sendable {
    public var orgURL: OrgURL
    public var token: Secret
    /// For messages: where each value came from ("--org", "OKTA_CLIENT_TOKEN", "~/.okta/okta.yaml").
    public var orgSource: String
    public var tokenSource: String

    public init(orgURL: OrgURL, token: Secret, orgSource: String = "argument", tokenSource: String = "argument") {
        self.orgURL = orgURL
        self.token = token
        self.orgSource = orgSource
        self.tokenSource = tokenSource
    }

    public struct Inputs: Sendable {
        public var orgFlag: String?
        public var tokenFlag: Secret?
        public var environment: [String: String]
        public var homeDirectory: String
        public var workingDirectory: String

        public init(orgFlag: String? = nil, tokenFlag: Secret? = nil,
                    environment: [String: String] = ProcessInfo.processInfo.environment,
                    homeDirectory: String? = nil,
                    workingDirectory: String = FileManager.default.currentDirectoryPath) {
            self.orgFlag = orgFlag
            self.tokenFlag = tokenFlag
            self.environment = environment
            // $HOME first, as Okta's SDKs and every shell do; the password database only without it.
            self.homeDirectory = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
            self.workingDirectory = workingDirectory
        }
    }

    public static func resolve(_ inputs: Inputs) throws(OktaError) -> OktaConfiguration {
        var orgCandidates: [(value: String, source: String)] = []
        var tokenCandidates: [(value: String, source: String)] = []
        if let org = inputs.orgFlag { orgCandidates.append((org, "--org")) }
        if let token = inputs.tokenFlag { tokenCandidates.append((token.reveal(), "the prompt")) }
        if let org = inputs.environment["OKTA_CLIENT_ORGURL"], !org.isEmpty { orgCandidates.append((org, "OKTA_CLIENT_ORGURL")) }
        if let token = inputs.environment["OKTA_CLIENT_TOKEN"], !token.isEmpty { tokenCandidates.append((token, "OKTA_CLIENT_TOKEN")) }
        let files = [
            (inputs.workingDirectory + "/okta.yaml", "./okta.yaml"),
            (inputs.homeDirectory + "/.okta/okta.yaml", "~/.okta/okta.yaml"),
        ]
        for (path, label) in files {
            guard let settings = try readYAML(path: path, label: label) else { continue }
            if let org = settings.orgUrl { orgCandidates.append((org, label)) }
            if let token = settings.token { tokenCandidates.append((token, label)) }
        }
        guard let org = orgCandidates.first else {
            throw .configuration("No Okta org URL was given.",
                                 hint: "Pass --org https://YOUR-ORG.okta.com, set OKTA_CLIENT_ORGURL, or add okta.client.orgUrl to ~/.okta/okta.yaml.")
        }
        let orgURL: OrgURL
        do { orgURL = try OrgURL(validating: org.value) } catch {
            var error = error
            error.message = "\(error.message) (from \(org.source))"
            throw error
        }
        guard let token = tokenCandidates.first else {
            throw .configuration("No API token was given for \(orgURL).",
                                 hint: "Set OKTA_CLIENT_TOKEN, add okta.client.token to ~/.okta/okta.yaml, or run interactively to be prompted.")
        }
        return OktaConfiguration(orgURL: orgURL, token: try APIToken.validate(token.value, source: token.source),
                                 orgSource: org.source, tokenSource: token.source)
    }

    struct FileSettings {
        var orgUrl: String?
        var token: String?
    }

    /// Reads `okta.client.orgUrl` and `okta.client.token`; a missing file is fine, a
    /// malformed one is an error that names the file (never its contents: it holds a token).
    static func readYAML(path: String, label: String) throws(OktaError) -> FileSettings? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration("\(label) exists but cannot be read.", hint: "Check its permissions (it should be readable by you only: chmod 600).")
        }
        // The node tree, not Yams.load: load() traps on a mapping key that is not a string
        // (found by fuzzing), and a damaged file must be an error, never a crash.
        let root: Node?
        do { root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) } catch {
            throw .configuration("\(label) is not valid YAML.", hint: "Compare it with Assets/okta.yaml.sample.")
        }
        guard let root else { return FileSettings() }
        guard let top = root.mapping else {
            throw .configuration("\(label) does not have the okta: client: layout.", hint: "Compare it with Assets/okta.yaml.sample.")
        }
        let client = top["okta"]?.mapping?["client"]?.mapping
        func string(_ key: String) throws(OktaError) -> String? {
            guard let value = client?[key] else { return nil }
            guard let scalar = value.scalar, value.tag == Tag(.str) else {
                throw .configuration("okta.client.\(key) in \(label) must be a string.")
            }
            return scalar.string
        }
        return FileSettings(orgUrl: try string("orgUrl"), token: try string("token"))
    }
}
