import Foundation

/// A validated Okta org URL: `https://HOST[:PORT]` with nothing after the host, or
/// `http://` on a loopback address only (our simulator).
package struct OrgURL: Sendable, Hashable, CustomStringConvertible {
    package let scheme: String
    package let host: String
    package let port: Int?

    package var description: String {
        "\(scheme)://\(host.contains(":") ? "[\(host)]" : host)" + (port.map { ":\($0)" } ?? "")
    }

    /// Okta preview (sandbox) orgs live on oktapreview.com.
    package var isPreview: Bool { host.hasSuffix(".oktapreview.com") }
    package var isLoopback: Bool { Self.isLoopback(host) }

    /// `source`: where the text came from (a flag, a variable, a file), named in the refusal.
    package init(validating raw: String, source: String? = nil) throws(OktaError) {
        func refused(_ problem: OktaError.Problem) -> OktaError { .configuration(problem) }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw refused(.orgURLMissing(source: source))
        }
        if text.contains("{yourOktaDomain}") || text.contains("yourOktaDomain") {
            throw refused(.orgURLPlaceholder(url: text, source: source))
        }
        guard text.contains("://") else {
            // Suggest https:// before it only when what was typed could be a host name.
            let hostLike = text.contains(".") && !text.contains(where: { $0.isWhitespace || $0 == "/" })
            if !hostLike {
                throw refused(.orgURLUnparsable(text: text, source: source))
            }
            throw refused(.orgURLWithoutScheme(url: text, source: source))
        }
        if text.components(separatedBy: "://").count > 2 {
            throw refused(.orgURLSchemeTwice(url: text, source: source))
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let rawHost = components.host, !rawHost.isEmpty else {
            throw refused(.orgURLUnparsable(text: text, source: source))
        }
        let host = rawHost.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard scheme == "https" || scheme == "http" else {
            throw refused(.orgURLUnsupportedScheme(scheme: scheme, source: source))
        }
        if scheme == "http" && !Self.isLoopback(host) {
            throw refused(.orgURLPlainHTTP(host: host, source: source))
        }
        if let adminRange = host.range(of: "-admin.") {
            let orgHost = host.replacingCharacters(in: adminRange, with: ".")
            throw refused(.orgURLAdminConsole(url: text, orgHost: orgHost, source: source))
        }
        if host.hasSuffix(".com.com") {
            throw refused(.orgURLRepeatedCom(host: host, source: source))
        }
        if components.user != nil || components.password != nil {
            throw refused(.orgURLUserInfo(source: source))
        }
        let path = components.percentEncodedPath
        if !(path.isEmpty || path == "/") || components.query != nil || components.fragment != nil {
            let suggestion = "\(scheme)://\(rawHost)\(components.port.map { ":\($0)" } ?? "")"
            throw refused(.orgURLWithPath(url: text, suggestion: suggestion, source: source))
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw refused(.orgURLPortOutOfRange(port: port, source: source))
        }
        self.scheme = scheme
        self.host = host
        self.port = components.port
    }

    /// True when `url` points at this org: same scheme, host and port. Only such URLs
    /// may receive the credentials.
    package func owns(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return false }
        let defaultPort = scheme == "https" ? 443 : 80
        return scheme == self.scheme
            && host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) == self.host
            && (url.port ?? defaultPort) == (port ?? defaultPort)
    }

    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// An SSWS API token: checked for the shapes that copy and paste produce.
package enum APIToken {
    package static func validate(_ raw: String, source: String) throws(OktaError) -> Secret {
        let token = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw .configuration(.tokenEmpty(source: source))
        }
        if token.hasPrefix("SSWS ") || token.hasPrefix("Bearer ") {
            throw .configuration(.tokenWithScheme(source: source, scheme: String(token.split(separator: " ")[0])))
        }
        if token.unicodeScalars.contains(where: { CharacterSet.whitespacesAndNewlines.contains($0) }) {
            throw .configuration(.tokenWithWhitespace(source: source))
        }
        if !token.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7f }) {
            throw .configuration(.tokenWithForeignCharacters(source: source))
        }
        return Secret(token)
    }
}
