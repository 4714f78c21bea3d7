import Foundation

/// What `bundle check` finds in a support bundle before an admin sends it: what it holds, and
/// anything that should not be there (a credential, the org's host, an email address or phone
/// number outside the reserved fake ranges), each with where it stands.
public struct BundleInspection: Sendable, Equatable {
    public enum Finding: Sendable, Equatable {
        /// A credential of this machine (environment, okta.yaml) in some encoding, or a JWS.
        case token(at: String)
        case orgHost(host: String, at: String)
        case email(String, at: String)
        case phone(String, at: String)

        public var location: String {
            switch self {
            case .token(let at), .orgHost(_, let at), .email(_, let at), .phone(_, let at): return at
            }
        }
    }

    public var product: String
    public var recorded: String
    public var command: String
    public var orgKind: String
    public var exchanges: Int
    /// Requests by what they read (`apps`, `mappings`, `users`, …).
    public var requests: [String: Int]
    public var distinctUsers: Int
    public var distinctApps: Int
    /// What the recorder replaced, by kind, and how many.
    public var pseudonymised: [String: Int]
    public var droppedExchanges: Int
    public var findings: [Finding]

    public var clean: Bool { findings.isEmpty }
}

/// A file that is not a support bundle this version reads.
public struct BundleReadError: Error, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case unreadable
        case tooLarge(megabytes: Int)
        case notJSON
        case notABundle
        case newerVersion(Int)
    }
    public let path: String
    public let reason: Reason
    public init(path: String, reason: Reason) { self.path = path; self.reason = reason }
}

extension SupportBundle {
    /// Bundles are read whole; one larger than its own cap was not written by us.
    public static let maxReadBytes = maxBytes + 1024 * 1024

    /// `secrets`: the credentials this machine would send (API token, client secrets);
    /// `hosts`: the org hosts its configuration names.
    public static func inspect(path: String, secrets: [String], hosts: [String]) throws(BundleReadError) -> BundleInspection {
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else { throw BundleReadError(path: path, reason: .unreadable) }
        guard size <= maxReadBytes else { throw BundleReadError(path: path, reason: .tooLarge(megabytes: maxReadBytes / 1_048_576)) }
        guard let data = try? Data(contentsOf: url) else { throw BundleReadError(path: path, reason: .unreadable) }
        guard let document = try? JSONDecoder().decode(JSONValue.self, from: data) else { throw BundleReadError(path: path, reason: .notJSON) }
        guard document["format"]?.stringValue == format, case .object(let header)? = document["header"],
              case .array(let exchanges)? = document["exchanges"], case .number(let version)? = document["version"] else {
            throw BundleReadError(path: path, reason: .notABundle)
        }
        guard Int(version) <= self.version else { throw BundleReadError(path: path, reason: .newerVersion(Int(version))) }

        var requests: [String: Int] = [:]
        var users: Set<String> = []
        var apps: Set<String> = []
        for exchange in exchanges {
            let route = route(exchange["path"]?.stringValue ?? "")
            requests[String(describing: route), default: 0] += 1
            let body = exchange["body"] ?? .null
            let items: [JSONValue] = if case .array(let list) = body { list } else { [body] }
            for item in items {
                guard let id = item["id"]?.stringValue else { continue }
                switch route {
                case .apps, .app: apps.insert(id)
                case .appUsers, .appUser, .users, .user: users.insert(id)
                default: break
                }
            }
        }
        var pseudonymised: [String: Int] = [:]
        if case .object(let counts)? = header["pseudonymised"] {
            for (kind, value) in counts {
                if case .number(let count) = value { pseudonymised[kind] = Int(count) } else if value == .bool(true) { pseudonymised[kind] = 1 }
            }
        }
        let scanner = Scanner(secrets: secrets, hosts: hosts)
        var findings: [BundleInspection.Finding] = []
        scanner.scan(document, at: "", into: &findings)
        let dropped: Int = if case .number(let count)? = header["droppedExchanges"] { Int(count) } else { 0 }
        return BundleInspection(product: header["product"]?.stringValue ?? "", recorded: header["recorded"]?.stringValue ?? "",
                                command: header["command"]?.stringValue ?? "", orgKind: header["orgKind"]?.stringValue ?? "",
                                exchanges: exchanges.count, requests: requests, distinctUsers: users.count, distinctApps: apps.count,
                                pseudonymised: pseudonymised, droppedExchanges: dropped, findings: findings)
    }

    /// Looks at every key and string of a bundle.
    struct Scanner {
        /// Each credential in every spelling we could have sent or logged it in.
        let secretForms: [String]
        let hosts: [String]
        static let oktaDomains = [".okta.com", ".oktapreview.com", ".okta-emea.com", ".okta-gov.com", ".okta.mil"]

        init(secrets: [String], hosts: [String]) {
            var forms: [String] = []
            for secret in secrets where secret.count >= 8 {
                let bytes = Data(secret.utf8)
                let base64 = bytes.base64EncodedString()
                forms += [secret, secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret,
                          base64, base64.replacingOccurrences(of: "=", with: ""),
                          base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")]
            }
            secretForms = Array(Set(forms))
            self.hosts = hosts.map { $0.lowercased() }.filter { !$0.isEmpty }
        }

        func scan(_ value: JSONValue, at path: String, into findings: inout [BundleInspection.Finding]) {
            switch value {
            case .object(let fields):
                for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                    let here = path.isEmpty ? key : path + "." + key
                    check(key, at: here, into: &findings)
                    scan(field, at: here, into: &findings)
                }
            case .array(let items):
                for (index, item) in items.enumerated() { scan(item, at: path + "[\(index)]", into: &findings) }
            case .string(let text):
                check(text, at: path, into: &findings)
            case .null, .bool, .number:
                break
            }
        }

        func check(_ raw: String, at path: String, into findings: inout [BundleInspection.Finding]) {
            // A value may stand percent-encoded in a path or query: look at both spellings.
            let decoded = raw.removingPercentEncoding ?? raw
            let texts = decoded == raw ? [raw] : [raw, decoded]
            if secretForms.contains(where: { form in texts.contains { $0.contains(form) } })
                || texts.contains(where: { $0.range(of: #"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\."#, options: .regularExpression) != nil }) {
                findings.append(.token(at: path))
            }
            // Percent-decoding leaves a plain value as it is: the decoded spelling holds both.
            do {
                let text = decoded
                let lower = text.lowercased()
                for host in hosts where lower.contains(host) { findings.append(.orgHost(host: host, at: path)) }
                for domain in Self.oktaDomains {
                    guard let range = lower.range(of: #"[a-z0-9-]+(\.[a-z0-9-]+)*"# + NSRegularExpression.escapedPattern(for: domain), options: .regularExpression) else { continue }
                    let host = String(lower[range])
                    if !hosts.contains(host) { findings.append(.orgHost(host: host, at: path)) }
                }
                for match in Self.matches(Pseudonyms.emailPattern, in: text) where !Pseudonyms.isReservedEmail(match) {
                    findings.append(.email(match, at: path))
                }
                for pattern in Pseudonyms.phonePatterns {
                    for match in Self.matches(pattern, in: text) where !Pseudonyms.isReservedPhone(match) {
                        findings.append(.phone(match, at: path))
                    }
                }
            }
        }

        static func matches(_ pattern: String, in text: String) -> [String] {
            var found: [String] = []
            var from = text.startIndex
            while from < text.endIndex, let range = text.range(of: pattern, options: .regularExpression, range: from..<text.endIndex) {
                found.append(String(text[range]))
                from = range.upperBound
            }
            return found
        }
    }
}
