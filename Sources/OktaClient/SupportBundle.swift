import Foundation
import Logging
import Synchronization

/// A support bundle (issue 24): every exchange of a run with the org, reduced to what the
/// product decodes and stripped of what is secret or personal, so an admin can send it and we
/// can replay it as a simulated org. The recorder sits between the client and its transport,
/// so it sees each attempt as the wire does, after the client chose the headers and before it
/// reads the answer; the token endpoint's exchange never passes it.
package enum SupportBundle {
    package static let format = "dialpad-okta-support-bundle"
    package static let version = 1
    /// Past this the bundle stops taking exchanges and says so in its header: a bundle is mailed.
    package static let maxBytes = 16 * 1024 * 1024
    package static let maxExchanges = 20_000
    /// Kept free under `maxBytes` for the header and the document around the exchanges.
    static let headerRoom = 64 * 1024
    /// The fake host that stands for the org's in every part of the bundle.
    package static let fakeHost = "org.example.com"

    /// What a recorded body may keep, by the endpoint it answered; `bundle check` counts the
    /// requests by it.
    package enum Route: String, Sendable, Hashable, CaseIterable, Comparable {
        case apps, app, appUsers, appUser, userTypes, userType, schema, mappings, mapping, identityProviders, users, user, organization, other

        package static func < (lhs: Route, rhs: Route) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    static func route(_ path: String) -> Route {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts == [".well-known", "okta-organization"] { return .organization }
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else { return .other }
        let rest = Array(parts.dropFirst(2))
        switch (rest.first, rest.count) {
        case ("apps", 1): return .apps
        case ("apps", 2): return .app
        case ("apps", 3) where rest[2] == "users": return .appUsers
        case ("apps", 4) where rest[2] == "users": return .appUser
        case ("mappings", 1): return .mappings
        case ("mappings", 2): return .mapping
        case ("idps", 1): return .identityProviders
        case ("users", 1): return .users
        case ("users", 2): return .user
        case ("meta", _):
            if rest.count == 3, rest[1] == "types", rest[2] == "user" { return .userTypes }
            if rest.count == 4, rest[1] == "types", rest[2] == "user" { return .userType }
            if rest.count == 4, rest[1] == "schemas", rest[2] == "user" { return .schema }
            if rest.count == 5, rest[1] == "schemas", rest[2] == "apps", rest[4] == "default" { return .schema }
            return .other
        default: return .other
        }
    }

    /// Okta's ids: a three-character kind and base62 (`00u…`, `0oa…`, `prm…`, `oty…`).
    static func looksLikeId(_ text: String) -> Bool {
        (15...24).contains(text.count) && text.unicodeScalars.allSatisfy { $0.isASCII && CharacterSet.alphanumerics.contains($0) }
            && text.contains(where: \.isNumber)
    }

    /// A user's id as Okta makes them: `00u` and 17 base62 characters. What an admin typed is
    /// an id only in this shape; anything else (`KimLee2024Tokyo`) may be a login.
    static func looksLikeUserId(_ text: String) -> Bool {
        text.count == 20 && text.hasPrefix("00u") && text.unicodeScalars.allSatisfy { $0.isASCII && CharacterSet.alphanumerics.contains($0) }
    }

    /// Whether the file at the start of `data` is one of ours: only a bundle is ever replaced.
    /// `write` puts `format` first, so the start of a bundle of any size says what it is.
    static func isBundle(_ data: Data) -> Bool {
        if String(decoding: data.prefix(4096), as: UTF8.self).contains(format) { return true }
        // A bundle written before `format` came first (sorted keys put it after the exchanges):
        // read whole, within what `bundle check` reads.
        guard data.count <= maxReadBytes, data.first == UInt8(ascii: "{"),
              let document = try? JSONDecoder().decode(JSONValue.self, from: data) else { return false }
        return document["format"]?.stringValue == format
    }
}

// MARK: - Pseudonyms

/// Same value, same fake, for one bundle; the fakes are drawn at random and the table lives
/// only in memory: a hash could be reversed by trying every phone number.
struct Pseudonyms {
    private var fakes: [String: String] = [:]
    private var numbers: [Double: Double] = [:]
    private var used: Set<String> = []
    private var usedNumbers: Set<Double> = []
    private(set) var counts: [String: Int] = [:]
    private var generator = SystemRandomNumberGenerator()

    /// An address, ASCII or not (`kim@例え.jp`), with a fullwidth `＠` as well.
    static let emailPattern = #"[\p{L}\p{N}._%+'-]+[@＠][\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}"#
    /// Numbers written for people, each with what a match must also hold to be one:
    /// `+` and at least seven digits; the North American `(415) 555-1234`; a national number
    /// with a leading 0 in groups (Japan's `090-1234-5678`, `03-1234-5678`, the UK's
    /// `020 7946 0958`); and a bare run of 10 or 11 digits shaped as one (`4155551234`,
    /// `09012345678`). Timestamps (`2026-01-15`, `1765104000`) and ids (letters and digits) are none.
    static let phonePatterns: [(pattern: String, accepts: @Sendable (String) -> Bool)] = [
        (#"\+[0-9][0-9 ().-]{5,}[0-9]"#, { _ in true }),
        (#"\(?\b[0-9]{3}\)?[ .-][0-9]{3}[ .-][0-9]{4}\b"#, { _ in true }),
        (#"(?<![0-9A-Za-z+._-])\(?0[0-9]{1,4}\)?[ .-]?[0-9]{1,4}[ .-][0-9]{3,4}(?![0-9A-Za-z@_])"#, { (10...11).contains(digits($0).count) }),
        // Japan's country code without its `+` (`819012345678`).
        (#"(?<![0-9A-Za-z+._-])81[0-9]{9,10}(?![0-9A-Za-z@_-])"#, { _ in true }),
        // Not part of a word (`testAcc_3467589678`, `user-4035998211@…`): a suffix, not a number.
        (#"(?<![0-9A-Za-z+._-])[0-9]{10,11}(?![0-9A-Za-z@_-])"#, { isBareNumber(digits($0)) }),
    ]

    /// Whether any phone pattern could match: seven digits and a `+`, a separator or a run of
    /// ten. Ids (digits and letters only) are skipped without a regular expression.
    static func mayHoldPhone(_ text: String) -> Bool {
        var digits = 0, run = 0, longest = 0, marks = false
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 { digits += 1; run += 1; longest = max(longest, run); continue }
            run = 0
            if " +-().".utf8.contains(byte) { marks = true }
        }
        return digits >= 7 && (marks || longest >= 10)
    }

    static func mayHoldEmail(_ text: String) -> Bool { text.contains("@") || text.contains("＠") }

    static func digits(_ text: String) -> [Character] { text.filter { $0.isASCII && $0.isNumber }.map { $0 } }

    /// Ten or eleven digits that dial somewhere: a national number (leading 0), a North
    /// American one (area code 2-9), or one with its country code 1. A Unix time in seconds
    /// (`17…`, ten digits) or milliseconds (thirteen) is none of these.
    static func isBareNumber(_ digits: [Character]) -> Bool {
        guard let first = digits.first else { return false }
        switch digits.count {
        case 10: return first == "0" || ("2"..."9").contains(first)
        case 11: return first == "0" || (first == "1" && ("2"..."9").contains(digits[1]))
        default: return false
        }
    }

    /// A whole value that is an address, whatever its local part holds (`ops/kim@…` is a login
    /// Okta takes): its fake is an address too. Scanning text uses the narrower `emailPattern`.
    static func isEmail(_ text: String) -> Bool { mayHoldEmail(text) && text.range(of: #"^[^@＠\s"]+[@＠][\p{L}\p{N}.-]+\.\p{L}{2,}$"#, options: .regularExpression) != nil }

    static func isPhone(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber).count
        guard digits >= 7, digits <= 15 else { return false }
        return text.allSatisfy { $0.isNumber || " +-().".contains($0) }
    }

    /// The reserved ranges the fakes come from; `bundle check` accepts nothing else.
    static func isReservedEmail(_ text: String) -> Bool { text.lowercased().hasSuffix("@example.com") }
    static func isReservedPhone(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber)
        // North America's fictional numbers: NXX-555-0100 to 0199.
        return digits.count == 11 && digits.hasPrefix("1") && digits.dropFirst(4).hasPrefix("55501")
    }

    private mutating func tag() -> String {
        String((0..<8).map { _ in Array("0123456789abcdef")[Int(generator.next() % 16)] })
    }

    /// A profile value's fake, of the same kind: an email, a phone number, or opaque text.
    mutating func fake(_ value: String) -> String {
        if value.isEmpty || Self.isReservedEmail(value) || Self.isReservedPhone(value) { return value }
        if let known = fakes[value] { return known }
        var candidate: String
        var kind: String
        repeat {
            if Self.isEmail(value) {
                kind = "emails"; candidate = "user-\(tag())@example.com"
            } else if Self.isPhone(value) {
                kind = "phoneNumbers"
                let area = 201 + Int(generator.next() % 780), line = Int(generator.next() % 100)
                candidate = "+1\(area)55501" + (line < 10 ? "0" : "") + String(line)
            } else {
                kind = "profileValues"; candidate = "value-\(tag())"
            }
        } while used.contains(candidate)
        used.insert(candidate)
        fakes[value] = candidate
        counts[kind, default: 0] += 1
        return candidate
    }

    /// The org's id (`00o…`): a fake of the same shape, so a replay still reads it as one.
    mutating func orgId(_ id: String) -> String {
        if let known = fakes[id] { return known }
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var candidate: String
        repeat { candidate = "00o" + String((0..<17).map { _ in alphabet[Int(generator.next() % 62)] }) } while used.contains(candidate)
        used.insert(candidate)
        fakes[id] = candidate
        counts["orgId", default: 0] += 1
        return candidate
    }

    mutating func fake(_ number: Double) -> Double {
        if let known = numbers[number] { return known }
        var candidate: Double
        // One to one, as strings are: two values never share a fake.
        repeat { candidate = Double(100_000 + generator.next() % 900_000) } while usedNumbers.contains(candidate)
        usedNumbers.insert(candidate)
        numbers[number] = candidate
        counts["profileValues", default: 0] += 1
        return candidate
    }

    /// Every value of a profile, keeping its names, nulls, booleans and empties.
    mutating func profile(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(fake(text))
        case .number(let number): return .number(fake(number))
        case .array(let items): return .array(items.map { profile($0) })
        case .object(let fields): return .object(fields.mapValues { profile($0) })
        case .null, .bool: return value
        }
    }

    /// Free text (an error's summary): each value already seen, then any email or phone
    /// number left, becomes its fake.
    mutating func text(_ text: String) -> String {
        var text = text
        for (value, fake) in fakes.sorted(by: { $0.key.count > $1.key.count }) where value.count >= 3 {
            // Okta echoes a path's segment as it was sent: escaped (`%2DKimiko%2ETanaka`).
            for spelling in Set([value, OktaClient.pathSegment(value)]) where text.contains(spelling) {
                text = text.replacingOccurrences(of: spelling, with: fake)
            }
        }
        return patterns(text)
    }

    /// Any email address or phone number outside the reserved ranges, wherever it stands.
    /// Known values are not replaced here: a name may also be part of a label.
    mutating func patterns(_ text: String) -> String {
        var text = text
        for (index, (expression, accepts)) in Self.compiled.enumerated() {
            guard index == 0 ? Self.mayHoldEmail(text) : Self.mayHoldPhone(text) else { continue }
            // One pass per pattern over the text as it stands, the output built as it goes:
            // linear in the text's length, however many matches it holds.
            let matches = expression.matches(in: text, range: NSRange(text.startIndex..., in: text))
            guard !matches.isEmpty else { continue }
            var output = ""
            output.reserveCapacity(text.utf8.count)
            var from = text.startIndex
            for match in matches {
                guard let range = Range(match.range, in: text), range.lowerBound >= from else { continue }
                let found = String(text[range])
                guard accepts(found) else { continue }
                output += text[from..<range.lowerBound]
                output += fake(found)
                from = range.upperBound
            }
            output += text[from...]
            text = output
        }
        return text
    }

    /// The address pattern, then the phone patterns, each compiled once.
    static let compiled: [(expression: NSRegularExpression, accepts: @Sendable (String) -> Bool)] = {
        let anything: @Sendable (String) -> Bool = { _ in true }
        return ([(pattern: emailPattern, accepts: anything)] + phonePatterns).map { (try! NSRegularExpression(pattern: $0.pattern), $0.accepts) }
    }()

    /// `patterns` over every string and key of a recorded exchange, never over its JSON
    /// syntax: a number (`"maxLength":2147483647`) is not a phone number.
    mutating func patterns(in value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(patterns(text))
        case .array(let items): return .array(items.map { patterns(in: $0) })
        case .object(let fields):
            var clean: [String: JSONValue] = [:]
            for (key, field) in fields { clean[patterns(key)] = patterns(in: field) }
            return .object(clean)
        case .null, .bool, .number: return value
        }
    }
}

// MARK: - The recorder

/// Records a run's exchanges and writes the bundle when the client shuts down.
package final class SupportRecorder: Sendable {
    package let path: String
    let header: Header
    /// Says, in the admin's language, that the bundle could not be written at the end of a
    /// run; nil leaves it to the client's log.
    package let onWriteFailure: (@Sendable (BundleFileError) -> Void)?
    let state = Mutex(State())

    struct Header: Sendable {
        var product: String
        var command: String
        var commandValues: Int
        var org: OrgURL
    }

    struct State {
        var pseudonyms = Pseudonyms()
        /// Each exchange as `write` lays it out (pretty, indented inside the document): what
        /// is counted against the cap is what the file holds.
        var exchanges: [Data] = []
        /// A read's request and answer, by the index of the exchange that holds its body: a
        /// periodic re-read that found nothing changed is recorded as a reference to it.
        var seen: [String: Int] = [:]
        var bytes = 0
        /// Bytes of answers handed over and not yet recorded (bounded; see `enqueue`).
        var pending = 0
        var dropped = 0
        /// Every id Okta answered with so far: a path segment among them is not a login.
        var ids: Set<String> = []
    }

    private static let byPath = Mutex<[String: SupportRecorder]>([:])
    /// The recorder's work, in the order the answers came, away from the request that waits
    /// for its answer: recording must not change a run's timing, so its deadlines either.
    let queue = DispatchQueue(label: "support-bundle-recorder")
    /// Past this many bytes of answers waiting to be recorded, the next one waits its turn.
    static let maxPending = 256 * 1024 * 1024

    /// Every bundle being recorded in this process: a signal writes each one before the run ends.
    package static var all: [SupportRecorder] { byPath.withLock { Array($0.values) } }

    /// One recorder per bundle for the whole process: the wizard makes a client per task, and
    /// each one's shutdown writes the run so far into the same bundle.
    package static func shared(path: String, arguments: [String], product: String, org: OrgURL,
                              onWriteFailure: (@Sendable (BundleFileError) -> Void)? = nil) -> SupportRecorder {
        byPath.withLock { recorders in
            if let recorder = recorders[path] { return recorder }
            let recorder = SupportRecorder(path: path, arguments: arguments, product: product, org: org, onWriteFailure: onWriteFailure)
            recorders[path] = recorder
            return recorder
        }
    }

    /// `arguments`: the command line without the program; its values are never written, only
    /// the command and the option names this product has. Every word after `--`, and every
    /// word that is not one of those names (`-Kimiko.Tanaka`), is a value.
    package init(path: String, arguments: [String], product: String, org: OrgURL,
                onWriteFailure: (@Sendable (BundleFileError) -> Void)? = nil) {
        self.path = path
        self.onWriteFailure = onWriteFailure
        let (command, values) = Self.commandLine(arguments)
        header = Header(product: product, command: command, commandValues: values, org: org)
    }

    static let commands: Set<String> = ["setup", "inspect", "plan", "apply", "resume", "rollback", "confirm", "check-user", "verify",
                                        "report", "demo", "vcr"]
    /// The options of the commands that record (`--help` lists them): a name, never a value.
    static let optionNames: Set<String> = [
        "--admin-role", "--all", "--ambiguous-width", "--app-id", "--ca-file", "--client-id", "--deadline", "--delete-attribute-data",
        "--format", "--help", "--inspect", "--json", "--key-id", "--lang", "--no-dpop", "--org", "--orgs", "--out", "--output", "--phase",
        "--plain", "--plan", "--private-key", "--record", "--report", "--scopes", "--state-file", "--step", "--user-type", "--verbose",
        "--yes", "-h",
    ]

    static func commandLine(_ arguments: [String]) -> (command: String, values: Int) {
        var words: [String] = []
        var values = 0
        var onlyValues = false
        func value() { words.append("‹value›"); values += 1 }
        for (index, argument) in arguments.enumerated() {
            if onlyValues { value(); continue }
            if argument == "--" { words.append(argument); onlyValues = true; continue }
            if index == 0, commands.contains(argument) { words.append(argument); continue }
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("-") {
                let name = String(argument[..<equals])
                if optionNames.contains(name) { words.append(name + "=‹value›"); values += 1 } else { value() }
            } else if optionNames.contains(argument) {
                words.append(argument)
            } else {
                value()
            }
        }
        return (words.joined(separator: " "), values)
    }

    var orgKind: String {
        let host = header.org.host.lowercased()
        if header.org.isPreview { return "preview" }
        if header.org.isLoopback { return "simulator" }
        if ["okta.com", "okta-emea.com", "okta-gov.com", "okta.mil"].contains(where: { host.hasSuffix("." + $0) }) { return "production" }
        return "custom-domain"
    }

    /// The org's host and URL in every spelling a body or link may carry.
    func withoutHost(_ text: String) -> String {
        var text = text
        let host = header.org.host
        for spelling in [header.org.description, host] where text.range(of: spelling, options: .caseInsensitive) != nil {
            let replacement = spelling == host ? SupportBundle.fakeHost : "https://" + SupportBundle.fakeHost
            text = text.replacingOccurrences(of: spelling, with: replacement, options: .caseInsensitive)
        }
        return text
    }

    static let keptHeaders = ["X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset", "X-Okta-Request-Id", "Link"]

    /// One attempt: what was asked, and Okta's answer or the failure.
    /// Hands an attempt to the recorder's queue and returns at once; an exchange past the cap
    /// is counted as left out before any work.
    func enqueue(method: String, url: URL, requestBody: Data?, started: Date, outcome: Result<OktaResponse, OktaError>, redactor: Redactor) {
        let size = (requestBody?.count ?? 0) + ((try? outcome.get())?.body.count ?? 0)
        let (full, wait) = state.withLock { state -> (Bool, Bool) in
            if state.dropped > 0 || state.exchanges.count >= SupportBundle.maxExchanges || state.bytes >= SupportBundle.maxBytes - SupportBundle.headerRoom {
                state.dropped += 1
                return (true, false)
            }
            state.pending += size
            return (false, state.pending > Self.maxPending)
        }
        if full { return }
        queue.async {
            self.record(method: method, url: url, requestBody: requestBody, started: started, outcome: outcome, redactor: redactor)
            self.state.withLock { $0.pending -= size }
        }
        if wait { queue.sync {} }
    }

    /// Waits until every exchange handed over is recorded.
    package func settle() { queue.sync {} }

    func record(method: String, url: URL, requestBody: Data?, started: Date, outcome: Result<OktaResponse, OktaError>, redactor: Redactor) {
        let route = SupportBundle.route(url.path)
        state.withLock { state in
            guard state.dropped == 0, state.exchanges.count < SupportBundle.maxExchanges else {
                state.dropped += 1
                return
            }
            var entry: [String: JSONValue] = [
                "time": .string(ISO8601DateFormatter().string(from: started)),
                "method": .string(method),
                "path": .string(Self.path(url, route: route, known: state.ids, &state.pseudonyms)),
            ]
            if let query = url.query { entry["query"] = .string(Self.query(query, &state.pseudonyms)) }
            if let requestBody, let value = try? JSONDecoder().decode(JSONValue.self, from: requestBody) {
                entry["requestBody"] = BodyFilter.keep(value, route: route, &state.pseudonyms)
            }
            switch outcome {
            case .success(let response):
                entry["status"] = .number(Double(response.status))
                var headers: [String: JSONValue] = [:]
                for name in Self.keptHeaders {
                    // Okta may send `self` and `next` as two Link headers: keep both, as one.
                    let values = response.headerValues(name)
                    guard !values.isEmpty else { continue }
                    var value = values.joined(separator: ", ")
                    if name == "Link" { value = Self.link(value, known: state.ids, &state.pseudonyms) }
                    headers[name] = .string(value)
                }
                if !headers.isEmpty { entry["headers"] = .object(headers) }
                if let value = try? JSONDecoder().decode(JSONValue.self, from: response.body) {
                    entry["body"] = (200..<300).contains(response.status)
                        ? BodyFilter.keep(value, route: route, &state.pseudonyms) : BodyFilter.error(value, &state.pseudonyms)
                } else if !response.body.isEmpty {
                    entry["bodyDropped"] = .string("not JSON")
                }
            case .failure(let error):
                entry["failure"] = .string(error.code.rawValue)
            }
            if let body = entry["body"] { Self.collectIds(body, into: &state.ids) }
            // Last, over the whole entry: the credential in any spelling the redactor knows, the
            // org's host, then any address or number left in its strings.
            let encoded = String(decoding: (try? JSONEncoder.okta.encode(JSONValue.object(entry))) ?? Data(), as: UTF8.self)
            let scrubbed = withoutHost(redactor.scrub(encoded))
            guard let decoded = try? JSONDecoder().decode(JSONValue.self, from: Data(scrubbed.utf8)) else {
                state.dropped += 1
                return
            }
            var value = state.pseudonyms.patterns(in: decoded)
            // A read answered as an earlier one was (same request, same status, same recorded
            // body): the wizard's periodic re-reads are recorded once unless they changed.
            var key: String?
            if method == "GET", case .object(var fields) = value, let body = fields["body"],
               let compact = try? JSONEncoder.okta.encode(body) {
                let request = [fields["path"], fields["query"], fields["status"]].map { $0.flatMap { try? JSONEncoder.okta.encode($0) } }
                let words = request.map { $0.map { String(decoding: $0, as: UTF8.self) } ?? "-" } + [String(decoding: compact, as: UTF8.self)]
                let seenKey = words.joined(separator: "\n")
                if let earlier = state.seen[seenKey] {
                    fields["body"] = nil
                    fields["sameAs"] = .number(Double(earlier))
                    value = .object(fields)
                } else {
                    key = seenKey
                }
            }
            // Counted as `write` lays it out, with the comma and line feed after it, so the file
            // itself stays under the cap; once one exchange is left out so is every later one: a
            // bundle is the run's beginning, never one with a hole a replay would fill.
            guard let chunk = Self.chunk(value),
                  state.bytes + chunk.count + 2 <= SupportBundle.maxBytes - SupportBundle.headerRoom else {
                state.dropped += 1
                return
            }
            if let key { state.seen[key] = state.exchanges.count }
            state.bytes += chunk.count + 2
            state.exchanges.append(chunk)
        }
    }

    /// The ids in an answer (an app's, a user's, an app user's embedded user).
    static func collectIds(_ value: JSONValue, into ids: inout Set<String>) {
        switch value {
        case .object(let fields):
            if case .string(let id)? = fields["id"] { ids.insert(id) }
            for (_, field) in fields { collectIds(field, into: &ids) }
        case .array(let items): for item in items { collectIds(item, into: &ids) }
        case .string, .number, .bool, .null: break
        }
    }

    /// The path with any login in it (getUser takes one) replaced. A user's segment is kept
    /// only when Okta answered with that id earlier in the run, or it has the shape of a
    /// user's id (`00u`…): what the admin typed may be a login that looks like an id.
    static func path(_ url: URL, route: SupportBundle.Route, known: Set<String>, _ pseudonyms: inout Pseudonyms) -> String {
        let raw = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? url.path
        guard route == .user || route == .appUser else { return raw }
        var parts = raw.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let last = parts.last else { return raw }
        let decoded = last.removingPercentEncoding ?? last
        if decoded != "me" && !known.contains(decoded) && !SupportBundle.looksLikeUserId(decoded) {
            parts[parts.count - 1] = OktaClient.pathSegment(pseudonyms.fake(decoded))
        }
        return parts.joined(separator: "/")
    }

    /// A query with every quoted literal of `filter` and `search`, and a cursor that is not an
    /// id, replaced. `q` searches app labels, which are kept.
    static func query(_ query: String, _ pseudonyms: inout Pseudonyms) -> String {
        var components = URLComponents()
        components.percentEncodedQuery = query
        components.queryItems = (components.queryItems ?? []).map { item in
            guard let value = item.value else { return item }
            switch item.name {
            case "filter", "search":
                return URLQueryItem(name: item.name, value: literals(value, &pseudonyms))
            case "after":
                return SupportBundle.looksLikeId(value) ? item : URLQueryItem(name: item.name, value: pseudonyms.fake(value))
            default:
                return URLQueryItem(name: item.name, value: pseudonyms.patterns(value))
            }
        }
        return components.percentEncodedQuery ?? ""
    }

    /// Each string literal of an Okta filter expression, read with Okta's escapes (`\"`, `\\`),
    /// becomes the fake of its value: nothing between escaped quotes survives, and the
    /// expression stays one Okta can parse. A literal left open runs to the end.
    static func literals(_ expression: String, _ pseudonyms: inout Pseudonyms) -> String {
        var result = ""
        var literal: String?
        var escaped = false
        func close(_ value: String, _ pseudonyms: inout Pseudonyms) -> String {
            "\"" + pseudonyms.fake(value).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        for character in expression {
            guard var value = literal else {
                if character == "\"" { literal = "" } else { result.append(character) }
                continue
            }
            if escaped {
                value.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                result += close(value, &pseudonyms)
                literal = nil
                continue
            } else {
                value.append(character)
            }
            literal = value
        }
        if let value = literal { result += close(value, &pseudonyms) }
        return result
    }

    /// A Link header: each target's path and query as a request's.
    static func link(_ header: String, known: Set<String>, _ pseudonyms: inout Pseudonyms) -> String {
        header.split(separator: ",").map { part -> String in
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">"), open < close,
                  let url = URL(string: String(part[part.index(after: open)..<close])) else { return String(part) }
            var target = "https://" + SupportBundle.fakeHost + path(url, route: SupportBundle.route(url.path), known: known, &pseudonyms)
            if let raw = url.query { target += "?" + query(raw, &pseudonyms) }
            return "<\(target)>" + part[part.index(after: close)...]
        }.joined(separator: ",")
    }

    /// The encoder `write` lays a bundle out with.
    static var layout: JSONEncoder {
        let encoder = JSONEncoder.okta
        encoder.outputFormatting.insert(.prettyPrinted)
        return encoder
    }

    /// A value laid out as `write` puts it in the document: pretty, each line indented by
    /// `depth` levels (JSON text holds no raw line feed inside a string, so this is safe).
    static func indented(_ value: JSONValue, depth: Int) -> Data? {
        guard let data = try? layout.encode(value) else { return nil }
        let indent = [UInt8](repeating: 0x20, count: 2 * depth)
        var out = [UInt8]()
        out.reserveCapacity(data.count + data.count / 8)
        out += indent
        for byte in data {
            out.append(byte)
            if byte == 0x0A { out += indent }
        }
        return Data(out)
    }

    static func chunk(_ exchange: JSONValue) -> Data? { indented(exchange, depth: 2) }

    /// Writes the bundle as recorded so far, 0600, replacing an earlier write: called when a
    /// client shuts down, however the run ended, and on a signal that ends it (`interrupted`).
    /// Nil when written; else why not.
    @discardableResult
    package func write(interrupted: Bool = false) -> BundleFileError? {
        settle()
        let (recordedHead, exchanges): ([String: JSONValue], [Data]) = state.withLock { state in
            var pseudonymised = state.pseudonyms.counts.mapValues { JSONValue.number(Double($0)) }
            pseudonymised["orgHost"] = .bool(true)
            pseudonymised["commandLineValues"] = .number(Double(header.commandValues))
            let head: [String: JSONValue] = [
                "product": .string(header.product),
                "recorded": .string(ISO8601DateFormatter().string(from: Date())),
                "command": .string(header.command),
                "orgKind": .string(orgKind),
                "org": .string("https://" + SupportBundle.fakeHost),
                "pseudonymised": .object(pseudonymised),
                "neverRecorded": .array(["Authorization", "DPoP", "Cookie", "client assertions", "the token endpoint's answer", "fields the product does not read"].map { .string($0) }),
                "droppedExchanges": .number(Double(state.dropped)),
            ]
            return (head, state.exchanges)
        }
        var head = recordedHead
        if interrupted { head["interrupted"] = .bool(true) }
        // Pretty: the admin may read what they send, and a bundle kept as a test diffs by line.
        // `format` first: the start of the file says it is a bundle (an earlier bundle is the
        // only file `--record` replaces), whatever its size.
        guard let header = Self.indented(.object(head), depth: 1) else { return BundleFileError(path: path, reason: .notWritten) }
        var data = Data("{\n  \"format\" : \"\(SupportBundle.format)\",\n  \"version\" : \(SupportBundle.version),\n  \"header\" : ".utf8)
        data += header.dropFirst(2)
        data += Data(",\n  \"exchanges\" : [".utf8)
        for (index, exchange) in exchanges.enumerated() {
            data += Data((index == 0 ? "\n" : ",\n").utf8)
            data += exchange
        }
        data += Data((exchanges.isEmpty ? "]\n}" : "\n  ]\n}").utf8)
        // Only a bundle is replaced: never the journal, okta.yaml or any other file named by mistake.
        if SecretFile.write(data + Data("\n".utf8), to: path, replacing: SupportBundle.isBundle) { return nil }
        do { try Self.checkDestination(path) } catch { return error }
        return BundleFileError(path: path, reason: .notWritten)
    }

    /// Whether a bundle can be written at `path`, asked before the run's first request: an
    /// admin learns of a typo before the run, not after its writes. The same rules as the
    /// write itself (SecretFile): a new file in a folder one can write, or an earlier bundle.
    package static func checkDestination(_ path: String) throws(BundleFileError) {
        guard !path.isEmpty else { throw BundleFileError(path: path, reason: .empty) }
        var status = stat()
        if path.hasSuffix("/") || (stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR) {
            throw BundleFileError(path: path, reason: .folder)
        }
        if lstat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFREG else { throw BundleFileError(path: path, reason: .notAFile) }
            guard !path.hasSuffix(".lock") else { throw BundleFileError(path: path, reason: .lock) }
            let start = FileHandle(forReadingAtPath: path).flatMap { handle in
                defer { try? handle.close() }
                return try? handle.read(upToCount: SupportBundle.maxReadBytes + 1)
            }
            guard let start, SupportBundle.isBundle(start) else { throw BundleFileError(path: path, reason: .notABundle) }
        } else if path.hasSuffix(".lock") {
            throw BundleFileError(path: path, reason: .lock)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard stat(folder, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw BundleFileError(path: path, reason: .noFolder(folder: folder))
        }
        guard access(folder, W_OK | X_OK) == 0 else { throw BundleFileError(path: path, reason: .folderNotWritable(folder: folder)) }
    }
}

/// Why a support bundle cannot be written where `--record` says (BundleText words it).
package struct BundleFileError: Error, Sendable, Equatable {
    package enum Reason: Sendable, Equatable {
        /// `--record ''`.
        case empty
        /// A folder, not a file in it.
        case folder
        case noFolder(folder: String)
        case folderNotWritable(folder: String)
        /// A link, device, pipe or socket: never replaced (`/dev/null`, `/dev/stdout`).
        case notAFile
        /// A run's lock: replacing it would let a second run in.
        case lock
        /// A file that is not an earlier bundle (the journal, okta.yaml): left as it is.
        case notABundle
        /// The write itself failed (a full disk, the file changed during the run).
        case notWritten
    }
    package let path: String
    package let reason: Reason
    package init(path: String, reason: Reason) { self.path = path; self.reason = reason }
}

/// Hands each attempt to the recorder on its way back to the client.
struct RecordingTransport: OktaTransport {
    let inner: any OktaTransport
    let recorder: SupportRecorder
    let redactor: Redactor

    func exchange(_ method: String, url: URL, headers: [(String, String)], body: Data?, attempt: Int,
                  log: RequestLog, logger: Logger, limits: RetryPolicy) async -> Result<OktaResponse, OktaError> {
        let started = Date()
        let outcome = await inner.exchange(method, url: url, headers: headers, body: body, attempt: attempt, log: log, logger: logger, limits: limits)
        recorder.enqueue(method: method, url: url, requestBody: body, started: started, outcome: outcome, redactor: redactor)
        return outcome
    }
}

// MARK: - What a body keeps

/// The fields the product decodes (Models.swift), by endpoint; everything else is dropped.
enum BodyFilter {
    static func pick(_ value: JSONValue, _ keys: [String]) -> JSONValue {
        guard case .object(let fields) = value else { return .null }
        return .object(fields.filter { keys.contains($0.key) })
    }

    static func each(_ value: JSONValue, _ transform: (JSONValue) -> JSONValue) -> JSONValue {
        if case .array(let items) = value { return .array(items.map(transform)) }
        return transform(value)
    }

    static func app(_ value: JSONValue) -> JSONValue {
        pick(value, ["id", "name", "label", "status", "signOnMode", "features", "lastUpdated"])
    }

    static func userType(_ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id", "name", "displayName", "default"]) else { return .null }
        if let href = value["_links"]?["schema"]?["href"] { fields["_links"] = .object(["schema": .object(["href": href])]) }
        return .object(fields)
    }

    /// What the product reads of every attribute: its kind and how Okta fills it. Titles,
    /// descriptions, enums and patterns are the org's own words (a name, a mail domain, a
    /// desk number): only the product's attribute keeps them, and only as it compares them.
    static let attributeFields = ["type", "required", "mutability", "scope", "externalName", "externalNamespace",
                                  "master", "permissions", "minLength", "maxLength", "unique", "format", "union"]
    /// The attribute the product sets up and its words (SetupEngine's DesiredConfiguration).
    static let productAttribute = "dialpadPhone"
    static let productTitle = "Dialpad Phone"

    static func attribute(_ name: String, _ value: JSONValue, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        guard case .object(var fields) = pick(value, attributeFields) else { return .null }
        if case .object(let items)? = value["items"] { fields["items"] = pick(.object(items), ["type"]) }
        guard name == productAttribute else {
            // Okta requires a title: the name stands for it.
            if value["title"] != nil { fields["title"] = .string(name) }
            return .object(fields)
        }
        // The product compares these with its own: kept when they are its words, else a fake
        // that differs just as the original did.
        for key in ["title", "description"] {
            guard case .string(let text)? = value[key] else { continue }
            fields[key] = .string(text == productTitle ? text : pseudonyms.fake(text))
        }
        // Kept so a write that sends the attribute back keeps them, each value a fake.
        for key in ["enum", "oneOf"] where value[key] != nil { fields[key] = pseudonyms.profile(value[key]!) }
        return .object(fields)
    }

    static func schema(_ value: JSONValue, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id", "name", "lastUpdated"]) else { return .null }
        var definitions: [String: JSONValue] = [:]
        for part in ["base", "custom"] {
            guard case .object(let properties)? = value["definitions"]?[part]?["properties"] else { continue }
            var kept: [String: JSONValue] = [:]
            for (name, attribute) in properties { kept[name] = Self.attribute(name, attribute, &pseudonyms) }
            var definition: [String: JSONValue] = ["properties": .object(kept)]
            if let required = value["definitions"]?[part]?["required"] { definition["required"] = required }
            definitions[part] = .object(definition)
        }
        if !definitions.isEmpty { fields["definitions"] = .object(definitions) }
        return .object(fields)
    }

    static func mapping(_ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id"]) else { return .null }
        for end in ["source", "target"] where value[end] != nil { fields[end] = pick(value[end]!, ["id", "name", "type"]) }
        if case .object(let properties)? = value["properties"] {
            fields["properties"] = .object(properties.mapValues { pick($0, ["expression", "pushStatus"]) })
        }
        return .object(fields)
    }

    static func identityProvider(_ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id", "name", "type", "status"]) else { return .null }
        if let master = value["policy"]?["provisioning"]?["profileMaster"] {
            fields["policy"] = .object(["provisioning": .object(["profileMaster": master])])
        }
        return .object(fields)
    }

    static func user(_ value: JSONValue, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id", "status"]) else { return .null }
        if let type = value["type"]?["id"] { fields["type"] = .object(["id": type]) }
        if let profile = value["profile"] { fields["profile"] = pseudonyms.profile(profile) }
        return .object(fields)
    }

    static func appUser(_ value: JSONValue, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id", "status", "syncState", "lastSync", "scope"]) else { return .null }
        if let profile = value["profile"] { fields["profile"] = pseudonyms.profile(profile) }
        if let embedded = value["_embedded"]?["user"] { fields["_embedded"] = .object(["user": user(embedded, &pseudonyms)]) }
        return .object(fields)
    }

    static func keep(_ value: JSONValue, route: SupportBundle.Route, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        switch route {
        case .apps, .app: return each(value, app)
        case .userTypes, .userType: return each(value, userType)
        case .schema: return schema(value, &pseudonyms)
        case .mappings, .mapping: return each(value, mapping)
        case .identityProviders: return each(value, identityProvider)
        case .organization:
            // Okta maps the org's id straight to the customer, as it does the host.
            guard case .object(var fields) = pick(value, ["id", "pipeline"]) else { return .null }
            if case .string(let id)? = fields["id"] { fields["id"] = .string(pseudonyms.orgId(id)) }
            return .object(fields)
        case .users, .user:
            if case .array(let items) = value { return .array(items.map { user($0, &pseudonyms) }) }
            return user(value, &pseudonyms)
        case .appUsers, .appUser:
            if case .array(let items) = value { return .array(items.map { appUser($0, &pseudonyms) }) }
            return appUser(value, &pseudonyms)
        case .other: return .null
        }
    }

    /// Okta's error: its code and summaries, whose values are pseudonymised as free text.
    static func error(_ value: JSONValue, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        guard case .object(var fields) = pick(value, ["errorCode", "errorSummary", "errorCauses", "error"]) else { return .null }
        if case .string(let summary)? = fields["errorSummary"] { fields["errorSummary"] = .string(pseudonyms.text(summary)) }
        if case .array(let causes)? = fields["errorCauses"] {
            fields["errorCauses"] = .array(causes.map { cause in
                .object(["errorSummary": .string(pseudonyms.text(cause["errorSummary"]?.stringValue ?? ""))])
            })
        }
        return .object(fields)
    }
}
