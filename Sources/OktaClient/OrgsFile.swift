import Foundation
import Yams

/// A YAML list of orgs for `inspect --orgs`, each named as okta.yaml names things and each
/// credential by reference, never inline: a file of many orgs' secrets is the leak this tool
/// exists to avoid.
///
/// ```yaml
/// orgs:
///   - orgUrl: https://acme.okta.com
///     token: ${ACME_OKTA_TOKEN}          # read from the environment
///   - orgUrl: https://acme.oktapreview.com
///     authorizationMode: PrivateKey
///     clientId: 0oa...
///     privateKey: ~/.okta/acme-preview.pem
///   - orgUrl: https://login.acme.example  # a custom domain: only when the entry says so
///     customDomain: true
///     token: ${ACME_LOGIN_OKTA_TOKEN}
/// ```
///
/// The file decides where credentials go, so it is trusted only as far as okta.yaml would
/// be: owned by this user and writable by no one else. Each variable serves one org, and
/// an org outside Okta's own domains needs the entry's explicit `customDomain: true`.
package enum OrgsFile {
    /// Where an entry's credential comes from: said before the first request, so the admin
    /// sees which secret goes to which host.
    package enum Credential: Sendable, Equatable {
        case variable(String)
        case keyFile
    }

    /// One org of the file: its configuration, or why it has none (a row of its own, never
    /// the end of the run).
    package struct Entry: Sendable {
        /// The org URL as the file gives it (once it is a valid one), or the entry's position.
        package var label: String
        package var credential: Credential?
        package var configuration: Result<OktaConfiguration, OktaError>
    }

    /// The domains Okta serves orgs on; anything else is a custom domain.
    package static let oktaDomains = ["okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "okta.mil"]

    /// The file's orgs in order. Throws only when the file as a whole cannot be used.
    /// `user`: who must own the file (this process's user).
    package static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            homeDirectory: String? = nil, user: UInt32 = UInt32(getuid())) throws(OktaError) -> [Entry] {
        let data = try read(path, user: user)
        let root: Node?
        do { root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) } catch {
            throw .credential(.orgsFileNotYAML(path: path))
        }
        guard let list = root?.mapping?["orgs"]?.sequence else {
            throw .credential(.orgsFileInvalid(path: path))
        }
        let home = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let labels = list.enumerated().map { index, node in
            (node.mapping?["orgUrl"]?.scalar?.string).flatMap { try? OrgURL(validating: $0).description } ?? "orgs[\(index)]"
        }
        // One variable for two orgs sends one org's token to the other: the file is wrong as a whole.
        var users: [String: [String]] = [:]
        for (node, label) in zip(list, labels) {
            if let reference = node.mapping?["token"]?.scalar?.string, let name = variableName(reference) { users[name, default: []].append(label) }
        }
        if let (name, orgs) = users.filter({ $0.value.count > 1 }).min(by: { $0.key < $1.key }) {
            throw .credential(.orgsVariableShared(variable: name, orgs: orgs))
        }
        return zip(list, labels).map { node, label in
            guard let fields = node.mapping else {
                return Entry(label: label, credential: nil,
                             configuration: .failure(.credential(.orgsEntryNotAMapping(org: label))))
            }
            let credential = Self.credential(fields)
            do throws(OktaError) {
                return Entry(label: label, credential: credential,
                             configuration: .success(try configuration(fields, label: label, environment: environment, home: home, directory: directory)))
            } catch {
                return Entry(label: label, credential: credential, configuration: .failure(error))
            }
        }
    }

    /// The file's bytes, read through the descriptor its owner and mode were checked on.
    static func read(_ path: String, user: UInt32) throws(OktaError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .credential(.orgsFileUnreadable(path: path))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .credential(.orgsFileUnreadable(path: path))
        }
        if UInt32(status.st_uid) != user {
            throw .credential(.orgsFileOwnedByAnotherUser(path: path, owner: UInt32(status.st_uid)))
        }
        let mode = Int(status.st_mode) & 0o777
        if mode & 0o022 != 0 {
            throw .credential(.orgsFileWritableByOthers(path: path, mode: mode))
        }
        do { return try handle.readToEnd() ?? Data() } catch {
            throw .credential(.orgsFileUnreadable(path: path))
        }
    }

    static func credential(_ fields: Node.Mapping) -> Credential? {
        if (fields["authorizationMode"]?.scalar?.string ?? "SSWS").lowercased() == "privatekey" { return .keyFile }
        return (fields["token"]?.scalar?.string).flatMap(variableName).map(Credential.variable)
    }

    static func configuration(_ fields: Node.Mapping, label: String, environment: [String: String],
                              home: String, directory: String) throws(OktaError) -> OktaConfiguration {
        func string(_ key: String) -> String? { fields[key]?.scalar?.string }
        guard let orgUrl = string("orgUrl") else {
            throw .credential(.orgsEntryWithoutOrgURL(org: label))
        }
        let org = try OrgURL(validating: orgUrl)
        if !org.isLoopback && !isOktaDomain(org.host) && fields["customDomain"]?.bool != true {
            throw .credential(.orgsCustomDomain(org: label, host: org.host))
        }
        // Resolved alone: no okta.yaml, no OKTA_CLIENT_* variable of this shell may fill in
        // what the entry leaves out, so one org's credential never signs in to another.
        let mode = string("authorizationMode") ?? "SSWS"
        switch mode.lowercased() {
        case "ssws":
            // Never the reference itself in a message: a pasted token is the usual mistake.
            guard let name = string("token").flatMap(variableName) else {
                throw .credential(.orgsTokenNotAVariable(org: label))
            }
            guard let token = environment[name], !token.isEmpty else {
                throw .credential(.orgsVariableUnset(org: label, variable: name))
            }
            return OktaConfiguration(orgURL: org, token: try APIToken.validate(token, source: name), orgSource: "the orgs file", tokenSource: name)
        case "privatekey":
            guard let clientId = string("clientId"), let key = string("privateKey") else {
                throw .credential(.orgsEntryIncomplete(org: label))
            }
            guard case .path(let given) = PrivateKeyValue.classify(key) else {
                throw .credential(.orgsKeyInFile(org: label))
            }
            let path = given.hasPrefix("~/") ? home + given.dropFirst(1) : given
            var candidates = OktaConfiguration.OAuthCandidates()
            candidates.clientId = [(clientId, "clientId of \(label)")]
            candidates.privateKey = [(path, "privateKey of \(label)")]
            if let keyId = string("kid") ?? string("privateKeyId") { candidates.keyId = [(keyId, "kid of \(label)")] }
            if let scopes = fields["scopes"]?.sequence.map({ $0.compactMap { $0.scalar?.string }.joined(separator: " ") }) ?? string("scopes") {
                candidates.scopes = [(OAuthScopes.parse(scopes), "scopes of \(label)")]
            }
            let (settings, exposure) = try candidates.settings(org: org, mode: "the orgs file", workingDirectory: directory, files: [])
            var configuration = OktaConfiguration(orgURL: org, token: Secret(""), orgSource: "the orgs file", tokenSource: "the orgs file", oauth: settings)
            configuration.exposures = exposure.map { [$0] } ?? []
            return configuration
        default:
            throw .credential(.orgsModeUnsupported(org: label))
        }
    }

    static func isOktaDomain(_ host: String) -> Bool {
        oktaDomains.contains { host == $0 || host.hasSuffix("." + $0) }
    }

    /// `VARIABLE` of a `${VARIABLE}` reference, the name shaped as environment variables are
    /// (`[A-Z_][A-Z0-9_]*`); nil for anything else (a value written inline).
    static func variableName(_ reference: String) -> String? {
        guard reference.hasPrefix("${"), reference.hasSuffix("}") else { return nil }
        let name = reference.utf8.dropFirst(2).dropLast()
        guard let first = name.first, first == UInt8(ascii: "_") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first),
              name.allSatisfy({ $0 == UInt8(ascii: "_") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return String(decoding: name, as: UTF8.self)
    }
}
