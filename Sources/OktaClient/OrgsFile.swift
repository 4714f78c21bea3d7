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
/// ```
public enum OrgsFile {
    /// One org of the file: its configuration, or why it has none (a row of its own, never
    /// the end of the run).
    public struct Entry: Sendable {
        /// The org URL as the file gives it, or the entry's position when it gives none.
        public var label: String
        public var configuration: Result<OktaConfiguration, OktaError>
    }

    /// The file's orgs in order. Throws only when the file as a whole cannot be used.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            homeDirectory: String? = nil) throws(OktaError) -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration("The orgs file \(path) cannot be read.", hint: "Check the path and its permissions.")
        }
        let root: Node?
        do { root = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) } catch {
            throw .configuration("The orgs file \(path) is not valid YAML.")
        }
        guard let list = root?.mapping?["orgs"]?.sequence else {
            throw .configuration("The orgs file \(path) has no list under orgs:.", hint: "Each item: orgUrl, then token: ${VARIABLE} or clientId and privateKey: a key file.")
        }
        let home = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        return list.enumerated().map { index, node in
            let fields = node.mapping
            let label = fields?["orgUrl"]?.scalar?.string ?? "orgs[\(index)]"
            guard let fields else {
                return Entry(label: label, configuration: .failure(.configuration("\(label) is not a mapping of orgUrl and its credential.")))
            }
            do throws(OktaError) {
                return Entry(label: label, configuration: .success(try configuration(fields, label: label, environment: environment, home: home)))
            } catch {
                return Entry(label: label, configuration: .failure(error))
            }
        }
    }

    static func configuration(_ fields: Node.Mapping, label: String, environment: [String: String],
                              home: String) throws(OktaError) -> OktaConfiguration {
        func string(_ key: String) -> String? { fields[key]?.scalar?.string }
        guard let orgUrl = string("orgUrl") else { throw .configuration("\(label) has no orgUrl.") }
        let mode = string("authorizationMode") ?? "SSWS"
        // Resolved alone: no okta.yaml, no OKTA_CLIENT_* variable of this shell may fill in
        // what the entry leaves out, so one org's credential never signs in to another.
        let nowhere = "/nonexistent/dialpad-okta-orgs-file"
        switch mode.lowercased() {
        case "ssws":
            guard let reference = string("token") else { throw .configuration("\(label) has no token: give token: ${VARIABLE}.") }
            guard let name = variableName(reference) else {
                throw .configuration("\(label) has its token written in the file.",
                                     hint: "Write token: ${VARIABLE} and put the token in that environment variable: the file never holds a secret.")
            }
            guard let token = environment[name], !token.isEmpty else {
                throw .configuration("\(label): the environment variable \(name) its token refers to is not set.")
            }
            return try OktaConfiguration.resolve(.init(orgFlag: orgUrl, tokenFlag: Secret(token), environment: [:],
                                                       homeDirectory: nowhere, workingDirectory: nowhere))
        case "privatekey":
            guard let clientId = string("clientId"), let key = string("privateKey") else {
                throw .configuration("\(label) uses PrivateKey without clientId and privateKey (a key file).")
            }
            guard !key.contains("BEGIN") && !key.hasPrefix("{") else {
                throw .configuration("\(label) has its private key written in the file.",
                                     hint: "Write privateKey: and the path of the key file (chmod 600): the file never holds a secret.")
            }
            let path = key.hasPrefix("~/") ? home + key.dropFirst(1) : key
            let flags = OktaConfiguration.OAuthFlags(clientId: clientId, privateKeyFile: path, keyId: string("kid") ?? string("privateKeyId"),
                                                     scopes: fields["scopes"]?.sequence.map { $0.compactMap { $0.scalar?.string }.joined(separator: " ") } ?? string("scopes"))
            return try OktaConfiguration.resolve(.init(orgFlag: orgUrl, oauth: flags, environment: [:],
                                                       homeDirectory: nowhere, workingDirectory: nowhere))
        default:
            throw .configuration("\(label): the authorization mode \"\(mode)\" is not one dialpad-okta supports (SSWS or PrivateKey).")
        }
    }

    /// `VARIABLE` of a `${VARIABLE}` reference; nil for anything else (a value written inline).
    static func variableName(_ reference: String) -> String? {
        guard reference.hasPrefix("${"), reference.hasSuffix("}") else { return nil }
        let name = reference.dropFirst(2).dropLast()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return String(name)
    }
}
