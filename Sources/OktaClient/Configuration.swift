import Foundation
import Yams

/// Where the org and the credentials come from, resolved as Okta's SDKs document it:
/// command-line flags, then `OKTA_CLIENT_*` environment variables, then `./okta.yaml`
/// in the working directory, then `~/.okta/okta.yaml`.
package struct OktaConfiguration: Sendable {
    package var orgURL: OrgURL
    package var token: Secret
    /// For messages: where each value came from ("--org", "OKTA_CLIENT_TOKEN", "~/.okta/okta.yaml").
    package var orgSource: String
    package var tokenSource: String
    /// Set with `authorizationMode: PrivateKey`: an OAuth 2.0 service app instead of the API token.
    package var oauth: OAuthSettings?
    /// Credentials others may read: things the admin should fix that do not stop the run.
    package var exposures: [Exposure] = []

    package init(orgURL: OrgURL, token: Secret, orgSource: String = "argument", tokenSource: String = "argument", oauth: OAuthSettings? = nil) {
        self.orgURL = orgURL
        self.token = token
        self.orgSource = orgSource
        self.tokenSource = tokenSource
        self.oauth = oauth
    }

    package struct Inputs: Sendable {
        package var orgFlag: String?
        package var tokenFlag: Secret?
        package var environment: [String: String]
        package var homeDirectory: String
        package var workingDirectory: String
        package var oauth: OAuthFlags

        package init(orgFlag: String? = nil, tokenFlag: Secret? = nil, oauth: OAuthFlags = OAuthFlags(),
                    environment: [String: String] = ProcessInfo.processInfo.environment,
                    homeDirectory: String? = nil,
                    workingDirectory: String = FileManager.default.currentDirectoryPath) {
            self.orgFlag = orgFlag
            self.tokenFlag = tokenFlag
            self.oauth = oauth
            self.environment = environment
            // $HOME first, as Okta's SDKs and every shell do; the password database only without it.
            self.homeDirectory = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
            self.workingDirectory = workingDirectory
        }
    }

    /// The service-app command-line options (`--client-id`, `--private-key FILE`, `--key-id`, `--scopes`, `--no-dpop`).
    package struct OAuthFlags: Sendable {
        package var clientId: String?
        package var privateKeyFile: String?
        package var keyId: String?
        package var scopes: String?
        package var noDPoP: Bool

        package init(clientId: String? = nil, privateKeyFile: String? = nil, keyId: String? = nil, scopes: String? = nil, noDPoP: Bool = false) {
            self.clientId = clientId
            self.privateKeyFile = privateKeyFile
            self.keyId = keyId
            self.scopes = scopes
            self.noDPoP = noDPoP
        }

        var any: Bool { clientId != nil || privateKeyFile != nil }
    }

    package static func resolve(_ inputs: Inputs) throws(OktaError) -> OktaConfiguration {
        var orgCandidates: [(value: String, source: String)] = []
        var tokenCandidates: [(value: String, source: String)] = []
        var oauth = OAuthCandidates()
        if inputs.oauth.any { oauth.mode.append(("PrivateKey", inputs.oauth.clientId != nil ? "--client-id" : "--private-key")) }
        if let value = inputs.oauth.clientId { oauth.clientId.append((value, "--client-id")) }
        if let value = inputs.oauth.privateKeyFile { oauth.privateKey.append((Self.expandHome(value, inputs), "--private-key")) }
        if let value = inputs.oauth.keyId { oauth.keyId.append((value, "--key-id")) }
        if let value = inputs.oauth.scopes { oauth.scopes.append((OAuthScopes.parse(value), "--scopes")) }
        if inputs.oauth.noDPoP { oauth.dpop.append((false, "--no-dpop")) }
        let environment = inputs.environment.filter { !$0.value.isEmpty }
        if let value = environment["OKTA_CLIENT_AUTHORIZATIONMODE"] { oauth.mode.append((value, "OKTA_CLIENT_AUTHORIZATIONMODE")) }
        if let value = environment["OKTA_CLIENT_CLIENTID"] { oauth.clientId.append((value, "OKTA_CLIENT_CLIENTID")) }
        if let value = environment["OKTA_CLIENT_PRIVATEKEY"] { oauth.privateKey.append((Self.expandHome(value, inputs), "OKTA_CLIENT_PRIVATEKEY")) }
        // OKTA_CLIENT_KID as PY derives it from `kid`; OKTA_CLIENT_PRIVATEKEYID as GO names it.
        for name in ["OKTA_CLIENT_KID", "OKTA_CLIENT_PRIVATEKEYID"] {
            if let value = environment[name] { oauth.keyId.append((value, name)) }
        }
        if let value = environment["OKTA_CLIENT_SCOPES"] { oauth.scopes.append((OAuthScopes.parse(value), "OKTA_CLIENT_SCOPES")) }
        if let value = environment["OKTA_CLIENT_DPOPENABLED"] { oauth.dpop.append((value.lowercased() != "false", "OKTA_CLIENT_DPOPENABLED")) }
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
            if let value = settings.authorizationMode { oauth.mode.append((value, label)) }
            if let value = settings.clientId { oauth.clientId.append((value, label)) }
            if let value = settings.privateKey { oauth.privateKey.append((Self.expandHome(value, inputs), label)) }
            if let value = settings.kid { oauth.keyId.append((value, label)) }
            if let value = settings.scopes { oauth.scopes.append((value, label)) }
            if let value = settings.dpopEnabled { oauth.dpop.append((value, label)) }
        }
        guard let org = orgCandidates.first else {
            throw .configuration(.orgURLMissing(source: nil))
        }
        let orgURL = try OrgURL(validating: org.value, source: org.source)
        let mode = oauth.mode.first ?? ("SSWS", "default")
        switch mode.value.lowercased() {
        case "ssws": break
        case "privatekey":
            if let clientId = oauth.clientId.first {
                try checkBinding(credentialSource: clientId.source, org: org, orgURL: orgURL, orgCandidates: orgCandidates)
            }
            let (settings, exposure) = try oauth.settings(org: orgURL, mode: mode.source, workingDirectory: inputs.workingDirectory, files: files)
            var configuration = OktaConfiguration(orgURL: orgURL, token: Secret(""), orgSource: org.source, tokenSource: mode.source, oauth: settings)
            configuration.exposures = exposure.map { [$0] } ?? []
            return configuration
        default:
            throw .configuration(.authorizationModeUnsupported(mode: mode.value, source: mode.source))
        }
        guard let token = tokenCandidates.first else {
            throw .configuration(.tokenMissing(org: orgURL.description))
        }
        try checkBinding(credentialSource: token.source, org: org, orgURL: orgURL, orgCandidates: orgCandidates)
        var configuration = OktaConfiguration(orgURL: orgURL, token: try APIToken.validate(token.value, source: token.source),
                                              orgSource: org.source, tokenSource: token.source)
        if let file = files.first(where: { $0.1 == token.source }), let mode = Exposure.readableMode(file.0) {
            configuration.exposures.append(.readableConfigurationFile(label: file.1, key: false, mode: mode))
        }
        return configuration
    }

    /// Where a value was configured: the command line, the environment, or one okta.yaml.
    static func layer(_ source: String) -> String {
        if source.hasPrefix("OKTA_CLIENT_") { return "the environment" }
        if source.hasPrefix("--") || source == "the prompt" { return "the command line" }
        return source
    }

    /// A credential goes only to the org it was configured with: the org of its own layer
    /// (a stray ./okta.yaml naming only `orgUrl` must not receive ~/.okta/okta.yaml's token).
    /// A credential whose layer names no org goes only to an org the command line names;
    /// one given on the command line, for this run, goes to the org the run names.
    static func checkBinding(credentialSource: String, org: (value: String, source: String), orgURL: OrgURL,
                             orgCandidates: [(value: String, source: String)]) throws(OktaError) {
        let credentialLayer = layer(credentialSource)
        if credentialLayer == "the command line" { return }
        if let own = orgCandidates.first(where: { layer($0.source) == credentialLayer }) {
            let ownURL = try? OrgURL(validating: own.value)
            if ownURL?.description == orgURL.description { return }
            let credentialOrg = ownURL?.description ?? own.value
            throw .configuration(.credentialForOtherOrg(credentialSource: credentialSource, credentialOrg: credentialOrg,
                                                        org: orgURL.description, orgSource: org.source))
        }
        if layer(org.source) == "the command line" { return }
        throw .configuration(.credentialWithoutOrg(credentialSource: credentialSource, org: orgURL.description, orgSource: org.source))
    }

    static func expandHome(_ path: String, _ inputs: Inputs) -> String {
        path.hasPrefix("~/") ? inputs.homeDirectory + path.dropFirst(1) : path
    }

    /// Every source's value for each service-app setting, highest precedence first.
    struct OAuthCandidates {
        var mode: [(value: String, source: String)] = []
        var clientId: [(value: String, source: String)] = []
        /// Inline PEM/JWK or a path, wherever it comes from (`PrivateKeyValue.classify`).
        var privateKey: [(value: String, source: String)] = []
        var keyId: [(value: String, source: String)] = []
        var scopes: [(value: [String], source: String)] = []
        var dpop: [(value: Bool, source: String)] = []

        /// The settings, and the exposure of the key when others may read it (its okta.yaml or its file).
        /// `files`: each okta.yaml's path and label. Messages name the key's source, never its value:
        /// a key mistaken for a path would otherwise be printed whole.
        func settings(org: OrgURL, mode: String, workingDirectory: String,
                      files: [(String, String)]) throws(OktaError) -> (OAuthSettings, Exposure?) {
            guard let clientId = clientId.first else {
                throw .configuration(.clientIdMissing(chosenBy: mode))
            }
            guard let keyInput = privateKey.first else {
                throw .configuration(.privateKeyMissing(chosenBy: mode))
            }
            let text: String
            let source = keyInput.source
            var exposure: Exposure?
            switch PrivateKeyValue.classify(keyInput.value) {
            case .material(let material):
                text = material
                if let file = files.first(where: { $0.1 == source }), let mode = Exposure.readableMode(file.0) {
                    exposure = .readableConfigurationFile(label: source, key: true, mode: mode)
                }
            case .path(let given):
                let path = given.hasPrefix("/") ? given : workingDirectory + "/" + given
                guard FileManager.default.fileExists(atPath: path) else {
                    throw .credential(.privateKeyFileMissing(source: source))
                }
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw .credential(.privateKeyFileUnreadable(source: source))
                }
                text = String(decoding: data, as: UTF8.self)
                if let mode = Exposure.readableMode(path) { exposure = .readableKeyFile(source: source, mode: mode) }
            }
            let key = try SigningKey.parse(text, source: source)
            return (OAuthSettings(clientId: clientId.value, key: key, keyId: keyId.first?.value, scopes: scopes.first?.value,
                                  useDPoP: dpop.first?.value ?? true, clientIdSource: clientId.source, keySource: source), exposure)
        }
    }

    struct FileSettings {
        var orgUrl: String?
        var token: String?
        var authorizationMode: String?
        var clientId: String?
        var privateKey: String?
        var kid: String?
        var scopes: [String]?
        var dpopEnabled: Bool?
    }

    /// Reads `okta.client.orgUrl` and `okta.client.token`; a missing file is fine, a
    /// malformed one is an error that names the file (never its contents: it holds a token).
    static func readYAML(path: String, label: String) throws(OktaError) -> FileSettings? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration(.settingsFileUnreadable(file: label))
        }
        // The node tree, not Yams.load: load() traps on a mapping key that is not a string
        // (found by fuzzing), and a damaged file must be an error, never a crash.
        let root: Node?
        do { root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) } catch {
            throw .configuration(.settingsFileNotYAML(file: label))
        }
        guard let root else { return FileSettings() }
        guard let top = root.mapping else {
            throw .configuration(.settingsFileLayout(file: label))
        }
        let client = top["okta"]?.mapping?["client"]?.mapping
        func string(_ key: String) throws(OktaError) -> String? {
            guard let value = client?[key] else { return nil }
            guard let scalar = value.scalar, value.tag == Tag(.str) else {
                throw .configuration(.settingWrongType(key: "okta.client.\(key)", file: label, expected: .string))
            }
            return scalar.string
        }
        var scopes: [String]?
        if let node = client?["scopes"] {
            if let list = node.sequence, list.allSatisfy({ $0.scalar != nil }) {
                scopes = list.compactMap { $0.scalar?.string }
            } else if let text = node.scalar?.string {
                scopes = OAuthScopes.parse(text)
            } else {
                throw .configuration(.settingWrongType(key: "okta.client.scopes", file: label, expected: .scopeList))
            }
        }
        // The key may be a string (PEM, JWK JSON or a path) or the JWK written as YAML.
        func privateKey() throws(OktaError) -> String? {
            guard let node = client?["privateKey"], node.mapping != nil else { return try string("privateKey") }
            func plain(_ node: Node) -> Any? {
                if let mapping = node.mapping {
                    var object: [String: Any] = [:]
                    for (key, value) in mapping { if let name = key.scalar?.string { object[name] = plain(value) } }
                    return object
                }
                if let sequence = node.sequence { return sequence.compactMap(plain) }
                return node.scalar?.string
            }
            guard let object = plain(node), let data = try? JSONSerialization.data(withJSONObject: object) else {
                throw .configuration(.settingWrongType(key: "okta.client.privateKey", file: label, expected: .jwk))
            }
            return String(decoding: data, as: UTF8.self)
        }
        var dpopEnabled: Bool?
        if let value = client?["dpopEnabled"] {
            guard let flag = value.bool else { throw .configuration(.settingWrongType(key: "okta.client.dpopEnabled", file: label, expected: .boolean)) }
            dpopEnabled = flag
        }
        let kid = try string("kid")
        let privateKeyId = try string("privateKeyId")
        return FileSettings(orgUrl: try string("orgUrl"), token: try string("token"),
                            authorizationMode: try string("authorizationMode"), clientId: try string("clientId"),
                            privateKey: try privateKey(), kid: kid ?? privateKeyId,
                            scopes: scopes, dpopEnabled: dpopEnabled)
    }
}
