import Foundation

/// What `bundle check` finds in a support bundle before an admin sends it: what it holds, and
/// anything that should not be there (a credential, the org's host, an email address or phone
/// number outside the reserved fake ranges), each with where it stands.
package struct BundleInspection: Sendable, Equatable {
    package enum Finding: Sendable, Equatable {
        /// A credential of this machine (environment, okta.yaml) in some encoding, or a JWS.
        case token(at: String)
        case orgHost(host: String, at: String)
        case email(String, at: String)
        case phone(String, at: String)

        package var location: String {
            switch self {
            case .token(let at), .orgHost(_, let at), .email(_, let at), .phone(_, let at): return at
            }
        }
    }

    package var product: String
    package var recorded: String
    package var command: String
    package var orgKind: String
    package var exchanges: Int
    /// Requests by what they read (`apps`, `mappings`, `users`, …).
    package var requests: [SupportBundle.Route: Int]
    package var distinctUsers: Int
    package var distinctApps: Int
    /// What the recorder replaced, by kind, and how many.
    package var pseudonymised: [String: Int]
    package var droppedExchanges: Int
    package var findings: [Finding]

    package var clean: Bool { findings.isEmpty }
}

/// A file that is not a support bundle this version reads.
package struct BundleReadError: Error, Sendable, Equatable {
    package enum Reason: Sendable, Equatable {
        case unreadable
        case tooLarge(megabytes: Int)
        case notJSON
        case notABundle
        case newerVersion(Int)
    }
    package let path: String
    package let reason: Reason
    package init(path: String, reason: Reason) { self.path = path; self.reason = reason }
}

extension SupportBundle {
    /// Bundles are read whole; one larger than its own cap was not written by us.
    package static let maxReadBytes = maxBytes + 1024 * 1024

    /// `secrets`: the credentials this machine would send (API token, client secrets);
    /// `hosts`: the org hosts its configuration names.
    package static func inspect(path: String, secrets: [String], hosts: [String]) throws(BundleReadError) -> BundleInspection {
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
        // A count from a stranger's file: a whole number that fits, or not a bundle (never a trap).
        guard let version = Int(exactly: version), version >= 1 else { throw BundleReadError(path: path, reason: .notABundle) }
        guard version <= self.version else { throw BundleReadError(path: path, reason: .newerVersion(version)) }

        var requests: [SupportBundle.Route: Int] = [:]
        var users: Set<String> = []
        var apps: Set<String> = []
        for exchange in exchanges {
            let route = route(exchange["path"]?.stringValue ?? "")
            requests[route, default: 0] += 1
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
        func count(_ value: JSONValue) throws(BundleReadError) -> Int {
            guard case .number(let number) = value, let count = Int(exactly: number), count >= 0 else {
                throw BundleReadError(path: path, reason: .notABundle)
            }
            return count
        }
        var pseudonymised: [String: Int] = [:]
        if case .object(let counts)? = header["pseudonymised"] {
            for (kind, value) in counts {
                if value == .bool(true) { pseudonymised[kind] = 1 } else { pseudonymised[kind] = try count(value) }
            }
        }
        let scanner = Scanner(secrets: secrets, hosts: hosts)
        var findings: [BundleInspection.Finding] = []
        scanner.scan(document, at: "", into: &findings)
        // A key given twice keeps one copy when decoded, and another reader (jq, Python) shows
        // the other: when the text holds more strings than the value, every one is read as written.
        if Scanner.stringCount(document) != Scanner.literals(in: data).count {
            for (offset, literal) in Scanner.literals(in: data) {
                guard let text = try? JSONDecoder().decode(String.self, from: Data(("\"" + literal + "\"").utf8)) else { continue }
                scanner.check(text, at: "byte \(offset)", into: &findings)
            }
        }
        let dropped = try header["droppedExchanges"].map { value throws(BundleReadError) in try count(value) } ?? 0
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
        /// Credentials by their shape, wherever they came from: a signed token (JWS), an Okta
        /// API token in its header (`SSWS …`) or alone (`00` and 40 more), a PEM private key.
        static let credentialPatterns = [
            #"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\."#,
            #"SSWS(?:\s|\+|%20)+[A-Za-z0-9_-]{20,}"#,
            #"(?<![A-Za-z0-9_-])00[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])"#,
            #"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----"#,
        ]

        init(secrets: [String], hosts: [String]) {
            var forms: [String] = []
            for secret in secrets where secret.count >= 8 {
                forms += [secret, secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret]
                forms += Self.hex(secret)
                forms += Self.base64(secret)
            }
            secretForms = Array(Set(forms))
            self.hosts = hosts.map { $0.lowercased() }.filter { !$0.isEmpty }
        }

        static func hex(_ secret: String) -> [String] {
            let lower = secret.utf8.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            return [lower, lower.uppercased()]
        }

        /// The characters of `secret`'s base64 that do not depend on what stands around it,
        /// at each of the three byte alignments it can have in a longer text (`SSWS ` + token
        /// puts the token at the third), in the standard and the URL alphabet.
        static func base64(_ secret: String) -> [String] {
            var forms: [String] = []
            let bytes = Array(secret.utf8)
            for lead in 0..<3 {
                let encoded = Array(Data(Array(repeating: 0, count: lead) + bytes).base64EncodedString())
                // Character i holds bits 6i..<6i+6; the secret's bits are 8·lead..<8·(lead+count).
                let first = (8 * lead + 5) / 6, end = (8 * (lead + bytes.count)) / 6
                guard end - first >= 8 else { continue }
                let form = String(encoded[first..<end])
                forms += [form, form.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")]
            }
            return forms
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
            case .number(let number):
                // A profile's number (a phone stored as a number): the recorder's fakes have six digits.
                if path.contains("profile"), number.rounded() == number, abs(number) >= 1_000_000, abs(number) < 1e16 {
                    findings.append(.phone(String(Int64(number)), at: path))
                }
            case .null, .bool:
                break
            }
        }

        /// Keys and strings of a decoded value.
        static func stringCount(_ value: JSONValue) -> Int {
            switch value {
            case .object(let fields): return fields.count + fields.values.reduce(0) { $0 + stringCount($1) }
            case .array(let items): return items.reduce(0) { $0 + stringCount($1) }
            case .string: return 1
            case .null, .bool, .number: return 0
            }
        }

        /// Every string literal of JSON text as written (escapes kept), with its byte offset.
        static func literals(in data: Data) -> [(offset: Int, text: String)] {
            var found: [(Int, String)] = []
            let bytes = [UInt8](data)
            var index = 0
            while index < bytes.count {
                guard bytes[index] == 0x22 else { index += 1; continue }
                let start = index + 1
                var end = start
                while end < bytes.count, bytes[end] != 0x22 { end += bytes[end] == 0x5C ? 2 : 1 }
                found.append((index, String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)))
                index = end + 1
            }
            return found
        }

        /// A value as a person would read it: percent-decoded as often as it was encoded
        /// (`%2540` is `@` twice over), with fullwidth forms folded (`＠`, `０９０`).
        static func readable(_ raw: String) -> String {
            var text = raw
            for _ in 0..<4 {
                guard text.contains("%"), let decoded = text.removingPercentEncoding, decoded != text else { break }
                text = decoded
            }
            guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
            // Invisible characters (zero-width space, soft hyphen) hide an address from a pattern.
            var visible = String.UnicodeScalarView()
            visible.append(contentsOf: text.unicodeScalars.filter { $0.properties.generalCategory != .format })
            return String(visible).precomposedStringWithCompatibilityMapping
        }

        func check(_ raw: String, at path: String, into findings: inout [BundleInspection.Finding]) {
            // A value may stand percent-encoded in a path or query: look at both spellings.
            let decoded = Self.readable(raw)
            let texts = decoded == raw ? [raw] : [raw, decoded]
            if secretForms.contains(where: { form in texts.contains { $0.contains(form) } })
                || texts.contains(where: { text in Self.credentialPatterns.contains { Self.mayHold(text, $0) && text.range(of: $0, options: .regularExpression) != nil } }) {
                findings.append(.token(at: path))
            }
            // Percent-decoding leaves a plain value as it is: the decoded spelling holds both.
            let text = decoded
            let lower = text.lowercased()
            for host in hosts where lower.contains(host) { findings.append(.orgHost(host: host, at: path)) }
            for domain in Self.oktaDomains where lower.contains(domain) {
                guard let range = lower.range(of: #"[a-z0-9-]+(\.[a-z0-9-]+)*"# + NSRegularExpression.escapedPattern(for: domain), options: .regularExpression) else { continue }
                let host = String(lower[range])
                if !hosts.contains(host) { findings.append(.orgHost(host: host, at: path)) }
            }
            personal(text, at: path, into: &findings)
            // An address base64-encoded (a cursor, an opaque header): decoded, then read.
            for encoded in Self.base64Runs(text) {
                for decodedText in Self.base64Decodings(encoded) {
                    personal(decodedText, at: path, into: &findings, phones: false)
                }
            }
        }

        /// Whether a pattern could match at all: most strings of a bundle are ids and words,
        /// and a regular expression over each would make checking a large bundle slow.
        static func mayHold(_ text: String, _ pattern: String) -> Bool {
            switch pattern {
            case credentialPatterns[0]: return text.contains("eyJ")
            case credentialPatterns[1]: return text.contains("SSWS")
            case credentialPatterns[2]: return text.utf8.count >= 42 && text.contains("00")
            default: return text.contains("-----BEGIN")
            }
        }

        /// Runs of 12 or more base64 characters, either alphabet.
        static func base64Runs(_ text: String) -> [String] {
            var runs: [String] = []
            var current: [UInt8] = []
            func isBase64(_ byte: UInt8) -> Bool {
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "+/_-=".utf8.contains(byte)
            }
            for byte in text.utf8 {
                if isBase64(byte) { current.append(byte); continue }
                if current.count >= 12 { runs.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
            }
            if current.count >= 12 { runs.append(String(decoding: current, as: UTF8.self)) }
            return runs
        }

        func personal(_ text: String, at path: String, into findings: inout [BundleInspection.Finding], phones: Bool = true) {
            if Pseudonyms.mayHoldEmail(text) {
                for match in Self.matches(Pseudonyms.emailPattern, in: text) where !Pseudonyms.isReservedEmail(match) {
                    findings.append(.email(match, at: path))
                }
            }
            guard phones, Pseudonyms.mayHoldPhone(text) else { return }
            var seen: Set<String> = []
            for (pattern, accepts) in Pseudonyms.phonePatterns {
                for match in Self.matches(pattern, in: text) where accepts(match) && !Pseudonyms.isReservedPhone(match) {
                    // One number, one finding, whichever shapes it has.
                    let digits = String(Pseudonyms.digits(match))
                    if seen.insert(digits).inserted && !seen.contains(where: { $0 != digits && $0.contains(digits) }) {
                        findings.append(.phone(match, at: path))
                    }
                }
            }
        }

        /// The text a base64 run decodes to, read from each of its four character alignments,
        /// in either alphabet; only what is mostly printable.
        static func base64Decodings(_ run: String) -> [String] {
            let standard = run.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                .trimmingCharacters(in: CharacterSet(charactersIn: "="))
            var texts: [String] = []
            for skip in 0..<4 where standard.count - skip >= 8 {
                let part = String(standard.dropFirst(skip))
                let whole = String(part.prefix(part.count / 4 * 4))
                guard let data = Data(base64Encoded: whole) else { continue }
                let text = String(decoding: data, as: UTF8.self)
                if Pseudonyms.mayHoldEmail(text) { texts.append(text) }
            }
            return texts
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

    /// The private key a service app signs with (OKTA_CLIENT_PRIVATEKEY, okta.yaml's
    /// `okta.client.privateKey`: PEM, JWK or a file path), as the pieces a bundle could hold
    /// it in: each line of a PEM body and the body whole, a JWK's private members.
    package static func privateKeySecrets(environment: [String: String]) -> [String] {
        let inputs = OktaConfiguration.Inputs(environment: environment)
        var values: [String] = []
        if let value = environment["OKTA_CLIENT_PRIVATEKEY"], !value.isEmpty { values.append(value) }
        for (path, label) in [(inputs.workingDirectory + "/okta.yaml", "./okta.yaml"), (inputs.homeDirectory + "/.okta/okta.yaml", "~/.okta/okta.yaml")] {
            if let settings = try? OktaConfiguration.readYAML(path: path, label: label), let value = settings.privateKey { values.append(value) }
        }
        var secrets: [String] = []
        for value in values {
            let text: String
            switch PrivateKeyValue.classify(OktaConfiguration.expandHome(value, inputs)) {
            case .material(let material): text = material
            case .path(let given):
                let path = given.hasPrefix("/") ? given : inputs.workingDirectory + "/" + given
                var status = stat()
                // Only a regular file is read: a path may name anything.
                guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size < 1_048_576,
                      let data = FileManager.default.contents(atPath: path) else { continue }
                text = String(decoding: data, as: UTF8.self)
            }
            secrets += keyPieces(text)
        }
        return Array(Set(secrets))
    }

    static func keyPieces(_ text: String) -> [String] {
        if let data = text.data(using: .utf8), let jwk = try? JSONDecoder().decode([String: JSONValue].self, from: data) {
            return ["d", "p", "q", "dp", "dq", "qi", "k"].compactMap { jwk[$0]?.stringValue }.filter { $0.count >= 16 }
        }
        let body = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("-----") && !$0.contains(":") }
        return body.filter { $0.count >= 16 } + (body.isEmpty ? [] : [body.joined()])
    }
}
