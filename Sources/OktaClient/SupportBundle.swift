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
