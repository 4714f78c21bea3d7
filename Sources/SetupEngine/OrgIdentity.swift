import Foundation
import OktaClient

/// Which org a URL reaches, however it is spelled: runs on one org take turns through a lock
/// keyed on this, not on the URL as typed (docs/REAL-ORGS.md, "One org, many spellings").
package enum OrgIdentity {
    /// The URL as one org: host lower-cased without a trailing dot, the scheme's default port
    /// dropped, and every loopback name (localhost, 127.x.x.x, ::1) one host.
    package static func key(_ org: OrgURL) -> String {
        var host = org.host.lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        if org.isLoopback { host = "loopback" }
        let defaultPort = org.scheme == "http" ? 80 : 443
        let port = org.port.flatMap { $0 == defaultPort ? nil : $0 }
        return org.scheme + "_" + host.replacingOccurrences(of: ":", with: "_") + (port.map { "_\($0)" } ?? "")
    }

    /// An org id as Okta gives it (`00o…`): letters and digits only, so it can name a file.
    static func plausibleId(_ id: String) -> Bool {
        (3...64).contains(id.count) && id.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
    }
}

extension OktaClient {
    /// The org's id from `GET /.well-known/okta-organization` (public on every Okta org; a custom
    /// domain answers the same id), nil where it cannot be read: the URL's lock still holds then.
    func organizationId() async -> String? {
        struct Metadata: Decodable { var id: String }
        guard let response = try? await send(.GET, url: url("/.well-known/okta-organization")),
              let id = try? JSONDecoder().decode(Metadata.self, from: response.body).id,
              OrgIdentity.plausibleId(id) else { return nil }
        return id
    }
}
