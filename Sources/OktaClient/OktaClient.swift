import AsyncHTTPClient
import Foundation
import Synchronization
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Certificate authorities trusted on top of the system's (a TLS-inspecting proxy's, a test
/// CA's). Verification itself is never turned off: there is no way to ask for that.
package struct TrustRoots: Sendable {
    /// PEM files, handed to TLS as files: BoringSSL reads them when the first TLS connection is
    /// made, so a run against the simulator (plain HTTP on loopback) never parses them, and one
    /// against an org parses them once, in C (the system bundle in `SSL_CERT_FILE`, 140
    /// certificates, took a tenth of a run's CPU parsed into Swift objects at start-up).
    let files: [String]

    package static let system = TrustRoots(files: [])

    /// `--ca-file`, then `SSL_CERT_FILE` (the variable OpenSSL-based tools read); each a PEM
    /// file of one or more certificates, checked now so a wrong path, or a file whose first
    /// certificate cannot be read, is reported before any request.
    package static func load(caFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(OktaError) -> TrustRoots {
        var files: [String] = []
        let candidates = [(caFile, "--ca-file"), (environment["SSL_CERT_FILE"], "SSL_CERT_FILE")]
        for case let (path?, label) in candidates where !path.isEmpty {
            // Its first certificate is read now, so a file that is not PEM, or is damaged, is named
            // before any request; TLS reads the rest when it connects.
            guard let first = firstCertificate(path: path) else {
                throw OktaError(code: .configuration, problem: .caFileUnreadable(path: path, source: label))
            }
            guard let pem = first, (try? NIOSSLCertificate(bytes: pem, format: .pem)) != nil else {
                throw OktaError(code: .configuration, problem: .caFileWithoutCertificate(path: path, source: label))
            }
            files.append(path)
        }
        return TrustRoots(files: files)
    }

    /// The file's first PEM certificate, nil inside when it has none; nil when it cannot be read.
    /// Read a piece at a time up to that certificate's end: a system bundle is 200 KB, and
    /// reading and searching all of it took 1.7 ms of every start.
    static func firstCertificate(path: String) -> [UInt8]?? {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        let begin = Array("-----BEGIN CERTIFICATE-----".utf8), end = Array("-----END CERTIFICATE-----".utf8)
        var bytes: [UInt8] = []
        var piece = [UInt8](repeating: 0, count: 16_384)
        while true {
            // A directory opens, and fails here.
            let count = read(file, &piece, piece.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            guard count > 0 else { return .some(nil) }
            bytes.append(contentsOf: piece[..<count])
            if let start = bytes.firstRange(of: begin), let stop = bytes[start.upperBound...].firstRange(of: end) {
                return .some(Array(bytes[start.lowerBound..<stop.upperBound]))
            }
        }
    }
}

/// One HTTP exchange with Okta, as the rest of the product sees it.
/// Where the client's API requests go, one attempt each: the network (`NetworkTransport`, over
/// async-http-client) in the product. Tests of logic above the client may give one of their own,
/// so they run without a server; retries, rate limits, redaction and decoding stay the client's.
package protocol OktaTransport: Sendable {
    /// `method`: GET, POST, ...
    func exchange(_ method: String, url: URL, headers: [(String, String)], body: Data?, attempt: Int,
                  log: RequestLog, logger: Logger, limits: RetryPolicy) async -> Result<OktaResponse, OktaError>
}

/// The network: each exchange with its deadline and minimum rate (`OktaClient.exchange`).
struct NetworkTransport: OktaTransport {
    let http: HTTPClient

    func exchange(_ method: String, url: URL, headers: [(String, String)], body: Data?, attempt: Int,
                  log: RequestLog, logger: Logger, limits: RetryPolicy) async -> Result<OktaResponse, OktaError> {
        await OktaClient.exchange(http: http, log: log, logger: logger, HTTPMethod(rawValue: method), url: url, headers: headers, body: body,
                                  attempt: attempt, limits: limits)
    }
}

package struct OktaResponse: Sendable {
    package var status: Int
    package var headers: [(String, String)]
    package var body: Data
    /// Okta's request id of this answer, checked where the answer arrives (`AnswerCheck`):
    /// the only request id the rest of the product reads, never the raw header.
    package internal(set) var oktaRequestId: String?

    package init(status: Int, headers: [(String, String)], body: Data) {
        self.status = status; self.headers = headers; self.body = body
        oktaRequestId = AnswerCheck.requestId(headers.first { $0.0.caseInsensitiveCompare("X-Okta-Request-Id") == .orderedSame }?.1)
    }

    package func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    package func headerValues(_ name: String) -> [String] {
        headers.filter { $0.0.caseInsensitiveCompare(name) == .orderedSame }.map(\.1)
    }
}

/// How hard the client tries before it gives up.
package struct RetryPolicy: Sendable {
    /// Attempts for a GET that meets a 5xx or a dropped connection.
    package var maxAttempts: Int
    /// Waits for a rate-limit reset before a 429 becomes an error.
    package var maxRateLimitWaits: Int
    package var baseBackoff: Duration

    /// How long one exchange (the answer's head and its whole body) may take. A server that
    /// answers its headers and then trickles the body must not hold a run forever.
    package var exchangeDeadline: Duration
    /// The slowest body accepted once `slowBodyGrace` has passed: a trickle is not an answer.
    package var minimumBytesPerSecond: Int
    package var slowBodyGrace: Duration

    package init(maxAttempts: Int = 4, maxRateLimitWaits: Int = 4, baseBackoff: Duration = .milliseconds(200),
                exchangeDeadline: Duration = .seconds(60), minimumBytesPerSecond: Int = 1024, slowBodyGrace: Duration = .seconds(10)) {
        self.maxAttempts = maxAttempts
        self.maxRateLimitWaits = maxRateLimitWaits
        self.baseBackoff = baseBackoff
        self.exchangeDeadline = exchangeDeadline
        self.minimumBytesPerSecond = minimumBytesPerSecond
        self.slowBodyGrace = slowBodyGrace
    }

    package static let `default` = RetryPolicy()
}

/// The Okta Management API client core: SSWS auth, retries, rate-limit pacing,
/// pagination confined to the org, and a read-only mode enforced before the network.
package final class OktaClient: Sendable {
    package let org: OrgURL
    package let readOnly: Bool
    package let retry: RetryPolicy
    package let log: RequestLog
    private let credentials: Credentials
    let redactor = Redactor()
    private let http: HTTPClient
    private let transport: any OktaTransport
    /// `--record`: where this run's support bundle goes (SupportBundle.swift).
    package let recorder: SupportRecorder?
    private let governor = RateLimitGovernor()
    /// When the run must have ended: no wait goes past it, no write starts after it.
    package let deadline: RunDeadline
    /// Where the client, and the engine driving it, say what they wait for (stderr on the command line).
    package let logger: Logger
    /// Bigger bodies than this are refused: no endpoint we call returns more than a few MB.
    package static let maxBodyBytes = 32 * 1024 * 1024
    static let userAgent = "dialpad-okta/0.1.0"
    /// Okta allows 75 concurrent requests (35 on the free plan); stay well inside it.
    package static let maxConcurrentRequests = 32

    /// How requests are authorised: an SSWS API token, or an OAuth 2.0 service app's access token.
    /// A service app signs in (OAuth 2.0), not an admin's API token.
    package var usesOAuth: Bool {
        if case .oauth = credentials { return true }
        return false
    }

    enum Credentials: Sendable {
        case apiToken(Secret)
        case oauth(AccessTokenProvider)
    }

    /// The scopes this client requests, or nil with an API token.
    package let oauthScopes: [String]?
    /// The service app's client id, or nil with an API token.
    package let oauthClientId: String?

    /// `transport`: where API requests go; nil, the network. `deadline`: the run's; none unless
    /// given (the command line gives `--deadline`'s). `scopes`: what the command needs of a
    /// service app when the configuration names none (`OAuthScopes.checkUser`); nil, by `readOnly`.
    package init(configuration: OktaConfiguration, readOnly: Bool, retry: RetryPolicy = .default,
                logger: Logger = Logger(label: "dialpad-okta.http"), trustRoots: TrustRoots = .system,
                transport: (any OktaTransport)? = nil, deadline: RunDeadline = .none, scopes commandScopes: [String]? = nil,
                recorder: SupportRecorder? = nil) {
        self.recorder = recorder
        org = configuration.orgURL
        self.deadline = deadline
        self.readOnly = readOnly
        self.retry = retry
        self.logger = logger
        log = RequestLog()
        var httpConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(60)))
        httpConfiguration.httpVersion = .automatic
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if !trustRoots.files.isEmpty { tls.additionalTrustRoots = trustRoots.files.map { .file($0) } }
        httpConfiguration.tlsConfiguration = tls
        // Our own retry loop decides (GETs only, with backoff); the pool's silent reconnects
        // would make a refused connection look like a 10 s hang.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        // Over HTTP/1.1 each concurrent request needs its own connection; the pool's default
        // of 8 would turn one wave of reads (Observer.maxConcurrentReads) into several.
        httpConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = OktaClient.maxConcurrentRequests
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        self.http = http
        let transport = transport ?? NetworkTransport(http: http)
        let redactor = self.redactor
        self.transport = recorder.map { RecordingTransport(inner: transport, recorder: $0, redactor: redactor) } ?? transport
        if let oauth = configuration.oauth {
            let scopes = oauth.scopes ?? commandScopes ?? (readOnly ? OAuthScopes.read : OAuthScopes.write)
            oauthScopes = scopes
            oauthClientId = oauth.clientId
            var components = URLComponents()
            components.scheme = org.scheme
            components.host = org.host
            components.port = org.port
            components.path = "/oauth2/v1/token"
            let (log, logger) = (log, logger)
            credentials = .oauth(AccessTokenProvider(settings: oauth, scopes: scopes, tokenURL: components.url!, redactor: redactor) { url, headers, form in
                await Self.exchange(http: http, log: log, logger: logger, .POST, url: url, headers: headers, body: form, attempt: 1, limits: retry)
            })
        } else {
            oauthScopes = nil
            oauthClientId = nil
            redactor.remember(configuration.token)
            credentials = .apiToken(configuration.token)
        }
    }

    deinit {
        // A client dropped without shutdown() (a path that threw first) must not take the process
        // down: async-http-client traps in its deinit unless it was shut down. The callback form
        // keeps it alive until it is; after shutdown() this only reports "already shut down".
        http.shutdown { _ in }
    }

    package func shutdown() async {
        // The bundle holds the whole run, however it ended (issue 24).
        if let recorder, let failure = recorder.write() {
            if let say = recorder.onWriteFailure { say(failure) } else { logger.warning("The support bundle was not written: \(failure.path) (\(failure.reason))") }
        }
        try? await http.shutdown()
    }

    package func url(_ path: String, query: [(String, String)] = []) -> URL {
        var components = URLComponents()
        components.scheme = org.scheme
        components.host = org.host
        components.port = org.port
        // Ids in paths are escaped once, by `pathSegment`; escaping the path again would send
        // `%2541` for an id holding `A`'s escape, and ask for another resource.
        if Self.isPercentEncodedPath(path) { components.percentEncodedPath = path } else { components.path = path }
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        return components.url!
    }

    static func isPercentEncodedPath(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, bytes[index + 1].isHexDigit, bytes[index + 2].isHexDigit else { return false }
                index += 3
                continue
            }
            let unreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/")].contains(byte)
            guard unreserved else { return false }
            index += 1
        }
        return true
    }

    // MARK: - Sending

    /// Sends one request and returns any 2xx answer; everything else becomes an `OktaError`.
    package func send(_ method: HTTPMethod, url: URL, body: Data? = nil) async throws -> OktaResponse {
        let path = url.path
        if readOnly && method != .GET {
            throw OktaError(code: .readOnly,
                            method: method.rawValue, path: path, problem: .readOnlyWrite(method: method.rawValue, path: path))
        }
        guard org.owns(url) else {
            throw OktaError(code: .foreignHost,
                            method: method.rawValue, path: path, problem: .foreignHost(host: url.host ?? "", org: org.description))
        }
        let bucket = RateLimitBucket.of(path: path)
        var attempt = 0
        var rateLimitWaits = 0
        var nonceRetried = false
        var tokenRenewed = false
        while true {
            attempt += 1
            var headers: [(String, String)]
            var usedToken: Secret?
            switch credentials {
            case .apiToken(let token):
                headers = [("Authorization", "SSWS " + token.reveal())]
            case .oauth(let provider):
                do { (headers, usedToken) = try await provider.authorization(method: method.rawValue, url: url) } catch let error as OktaError {
                    throw error.scrubbing(redactor.scrub)
                }
            }
            if body != nil { headers.append(("Content-Type", "application/json")) }
            let logger = self.logger
            try await governor.acquire(bucket, deadline: deadline, method: method.rawValue, path: path) { pause in
                logger.warning("Okta's rate limit for \(bucket.rawValue) is nearly used up: waiting \(pause.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))) before \(method.rawValue) \(path)")
            }
            // A read takes no longer than the run has left (a write's read-backs take what Okta needs).
            var limits = retry
            if method == .GET, let room = deadline.roomForRead() {
                try deadline.checkBeforeRead(method.rawValue, path)
                limits.exchangeDeadline = min(limits.exchangeDeadline, max(room, .milliseconds(50)))
            }
            let outcome = await transport.exchange(method.rawValue, url: url, headers: headers, body: body, attempt: attempt,
                                                   log: log, logger: logger, limits: limits)
            switch outcome {
            case .success(let response):
                let serverDate = response.header("Date").flatMap(Self.httpDate)
                await governor.update(bucket, limit: response.header("X-Rate-Limit-Limit").flatMap { Int($0) },
                                      remaining: response.header("X-Rate-Limit-Remaining").flatMap { Int($0) },
                                      reset: response.header("X-Rate-Limit-Reset").flatMap { Int($0) },
                                      serverDate: serverDate)
                if (200..<300).contains(response.status) {
                    var checked = response
                    checked.oktaRequestId = AnswerCheck.requestId(response.oktaRequestId, redactor: redactor)
                    if method != .GET { logger.debug("\(method.rawValue) \(path): Okta request id \(checked.oktaRequestId ?? "none")") }
                    return checked
                }
                // E0000015 comes with 401 for a feature the org lacks: no token would do better.
                let featureRefused = response.status == 401 && OktaError.errorCode(of: response.body) == OktaError.featureNotEnabled
                if case .oauth(let provider) = credentials, let usedToken, response.status == 400 || response.status == 401, !featureRefused {
                    let challenge = response.header("WWW-Authenticate") ?? ""
                    // RFC 9449 §9: the resource server's nonce challenge; answer it once with the nonce.
                    if challenge.contains("use_dpop_nonce"), let nonce = response.header("DPoP-Nonce"), !nonceRetried {
                        await provider.useResourceNonce(nonce)
                        nonceRetried = true
                        attempt -= 1
                        continue
                    }
                    // A token revoked or expired early: fetch a new one, once.
                    if response.status == 401 && (challenge.contains("invalid_token") || challenge.isEmpty) && !tokenRenewed {
                        await provider.invalidate(usedToken)
                        tokenRenewed = true
                        attempt -= 1
                        continue
                    }
                }
                if response.status == 429 && rateLimitWaits < retry.maxRateLimitWaits {
                    rateLimitWaits += 1
                    let wait = RateLimitGovernor.waitAfter429(reset: response.header("X-Rate-Limit-Reset").flatMap { Int($0) },
                                                              serverDate: serverDate)
                    let message: Logger.Message = "Okta answered 429 (rate limit) to \(method.rawValue) \(path): waiting \(wait.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))) for the reset"
                    // Okta's windows are a minute long: a wait of seconds is worth saying, a blink is not.
                    try deadline.admit(wait: wait, before: method.rawValue, path)
                    if wait >= .seconds(5) { logger.warning(message) } else { logger.info(message) }
                    try await Task.sleep(for: wait)
                    attempt -= 1
                    continue
                }
                if method == .GET && Self.isTransient(response.status) && attempt < retry.maxAttempts {
                    try await Task.sleep(for: backoff(attempt))
                    continue
                }
                let serviceApp = if case .oauth = credentials { true } else { false }
                throw OktaError.fromResponse(status: response.status, body: redactor.scrub(response.body), headers: response.headers,
                                             method: method.rawValue, path: path, serviceApp: serviceApp).scrubbing(redactor.scrub)
            case .failure(let error):
                if method == .GET { try deadline.checkBeforeRead(method.rawValue, path) }
                // A deadline that passed once passes again: waiting four times for a server that
                // does not answer helps no one.
                if error.code == .network && !error.problem.isTimeout && method == .GET && attempt < retry.maxAttempts {
                    try await Task.sleep(for: backoff(attempt))
                    continue
                }
                throw error.scrubbing(redactor.scrub)
            }
        }
    }

    /// `error_description="…"` of a WWW-Authenticate challenge.
    static func challengeDescription(_ header: String) -> String? {
        guard let range = header.range(of: "error_description=\"") else { return nil }
        let rest = header[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    private func backoff(_ attempt: Int) -> Duration {
        let exponential = retry.baseBackoff * (1 << min(attempt - 1, 6))
        return exponential + .milliseconds(Int.random(in: 0...50))
    }

    static func isTransient(_ status: Int) -> Bool { [500, 502, 503, 504].contains(status) }

    /// One attempt on the wire. `headers` carry the authorisation and the body's Content-Type.
    static func exchange(http: HTTPClient, log: RequestLog, logger: Logger, _ method: HTTPMethod, url: URL, headers: [(String, String)],
                         body: Data?, attempt: Int, limits: RetryPolicy = .default) async -> Result<OktaResponse, OktaError> {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if !request.headers.contains(name: "Accept") { request.headers.add(name: "Accept", value: "application/json") }
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        } else if method != .GET {
            request.headers.add(name: "Content-Length", value: "0")
        }
        let started = log.start(method: method.rawValue, path: url.path, query: url.query, attempt: attempt)
        do {
            let deadline = ContinuousClock.now + limits.exchangeDeadline
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(limits.exchangeDeadline.components.seconds) * 1_000_000_000
                                                                                  + limits.exchangeDeadline.components.attoseconds / 1_000_000_000))
            let buffer: ByteBuffer
            do {
                buffer = try await collect(response.body, expectedLength: response.headers.first(name: "Content-Length").flatMap { Int($0) },
                                           deadline: deadline, limits: limits)
            } catch let slow as SlowBody {
                log.finish(started, status: Int(response.status.code))
                let host = url.host ?? "the org"
                return .failure(OktaError(code: .network,
                                          httpStatus: Int(response.status.code), method: method.rawValue, path: url.path,
                                          problem: .slowAnswer(host: host, bytes: slow.bytes, after: slow.deadlinePassed ? limits.exchangeDeadline : slow.elapsed,
                                                               deadlinePassed: slow.deadlinePassed)))
            } catch is NIOTooManyBytesError {
                log.finish(started, status: Int(response.status.code))
                return .failure(OktaError(code: .decoding,
                                          httpStatus: Int(response.status.code), method: method.rawValue, path: url.path,
                                          problem: .answerTooLarge(megabytes: Self.maxBodyBytes / 1_048_576)))
            }
            let data = Data(buffer.readableBytesView)
            let headers = response.headers.map { ($0.name, $0.value) }
            log.finish(started, status: Int(response.status.code))
            // No request id here: it is shown only once checked against the credentials (`send`).
            logger.debug("\(method.rawValue) \(url.path)\(url.query.map { "?" + $0 } ?? "") -> \(response.status.code)")
            return .success(OktaResponse(status: Int(response.status.code), headers: headers, body: data))
        } catch {
            log.finish(started, status: nil)
            return .failure(Self.networkError(error, method: method.rawValue, url: url))
        }
    }

    struct SlowBody: Error {
        var bytes: Int
        var elapsed: Duration
        var deadlinePassed: Bool
    }

    /// The body, whole, before the deadline and never slower than the minimum rate.
    /// A body that is complete when it arrives is never too slow, however late this process
    /// got to it (a loaded machine): the rate is judged only while more is still to come.
    static func collect(_ body: HTTPClientResponse.Body, expectedLength: Int?, deadline: ContinuousClock.Instant,
                        limits: RetryPolicy) async throws -> ByteBuffer {
        final class Progress: Sendable { let bytes = Mutex(0) }
        let received = Progress()
        let start = ContinuousClock.now
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                var buffer = ByteBuffer()
                for try await chunk in body {
                    guard buffer.readableBytes + chunk.readableBytes <= maxBodyBytes else { throw NIOTooManyBytesError(maxBytes: maxBodyBytes) }
                    var chunk = chunk
                    buffer.writeBuffer(&chunk)
                    let count = buffer.readableBytes
                    received.bytes.withLock { $0 = count }
                    let elapsed = ContinuousClock.now - start
                    if elapsed > limits.slowBodyGrace, count < expectedLength ?? Int.max,
                       Double(count) < Double(limits.minimumBytesPerSecond) * Double(elapsed.components.seconds) {
                        throw SlowBody(bytes: count, elapsed: elapsed, deadlinePassed: false)
                    }
                }
                return buffer
            }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else {
                throw SlowBody(bytes: received.bytes.withLock { $0 }, elapsed: ContinuousClock.now - start, deadlinePassed: true)
            }
            return first
        }
    }

    /// What kind of failure kept a request from an HTTP answer, read from the error's type
    /// (async-http-client's, NIO's, NIOSSL's), never from its description's words.
    enum NetworkFailure: Equatable {
        case timeout, unknownHost, certificateForOtherHost, untrustedCertificate, tls, refused, closed, unreachable
    }

    static func classify(_ error: any Error) -> NetworkFailure {
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout, .tlsHandshakeTimeout: return .timeout
            case .remoteConnectionClosed: return .closed
            default: return .unreachable
            }
        case let error as NIOConnectionError:
            // Every address failed: DNS found none, or each connection attempt failed its own way.
            if let first = error.connectionErrors.first { return classify(first.error) }
            return error.dnsAError != nil || error.dnsAAAAError != nil ? .unknownHost : .unreachable
        case is SocketAddressError, is SocketAddressError.UnknownHost:
            // NIO's resolver throws the struct now (getaddrinfo's code inside); the enum case before.
            return .unknownHost
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return .refused
            case ECONNRESET, EPIPE: return .closed
            case ETIMEDOUT: return .timeout
            default: return .unreachable
            }
        case let error as ChannelError:
            switch error {
            case .connectTimeout: return .timeout
            case .eof, .ioOnClosedChannel, .alreadyClosed, .inputClosed, .outputClosed: return .closed
            default: return .unreachable
            }
        case let error as NIOSSLExtraError:
            return error == .failedToValidateHostname ? .certificateForOtherHost : .tls
        case let error as NIOSSLError:
            switch error {
            case .handshakeFailed(let boringSSL):
                // BoringSSL reports why the handshake failed only as its reason codes (stable
                // constants such as CERTIFICATE_VERIFY_FAILED), which name the certificate's fault.
                let reasons = String(describing: boringSSL)
                if reasons.contains("HOSTNAME_MISMATCH") { return .certificateForOtherHost }
                if reasons.contains("CERTIFICATE_VERIFY_FAILED") { return .untrustedCertificate }
                return .tls
            case .uncleanShutdown: return .closed
            default: return .tls
            }
        default:
            return .unreachable
        }
    }

    static func networkError(_ error: any Error, method: String, url: URL) -> OktaError {
        let host = url.host ?? "the org"
        let problem: OktaError.Problem = switch classify(error) {
        case .timeout: .timeout(host: host)
        case .unknownHost: .unknownHost(host: host)
        case .certificateForOtherHost: .certificateForOtherHost(host: host)
        case .untrustedCertificate: .untrustedCertificate(host: host)
        case .tls: .tlsFailed(host: host, detail: "\(error)")
        case .refused: .connectionRefused(host: host)
        case .closed: .connectionClosed(host: host)
        case .unreachable: .unreachable(host: host, detail: "\(error)")
        }
        return OktaError(code: .network, method: method, path: url.path, problem: problem)
    }

    /// An HTTP `Date` (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), read by hand:
    /// every answer has one, and a `DateFormatter` made per answer (ICU) cost more than the rest
    /// of the answer's handling.
    static func httpDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].count == 4, parts[0].last == ",", parts[5] == "GMT" || parts[5] == "UTC",
              let day = Int(parts[1]), (1...31).contains(day), parts[1].count == 2,
              let month = Self.months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]), parts[3].count == 4 else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        // Days from 1970-01-01 to the civil date (Howard Hinnant's days_from_civil).
        let y = month < 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = (month + 10) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    // MARK: - JSON helpers

    package func get<T: Decodable>(_ type: T.Type = T.self, _ path: String, query: [(String, String)] = []) async throws -> T {
        let response = try await send(.GET, url: url(path, query: query))
        return try decode(type, response, method: "GET", path: path)
    }

    package func post<T: Decodable>(_ type: T.Type = T.self, _ path: String, json body: some Encodable) async throws -> T {
        let data = try JSONEncoder.okta.encode(body)
        let response = try await send(.POST, url: url(path), body: data)
        return try decode(type, response, method: "POST", path: path)
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: OktaResponse, method: String, path: String) throws -> T {
        try Self.decode(type, response, method: method, path: path)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: OktaResponse, method: String, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            let looksLikeHTML = response.body.prefix(64).contains(UInt8(ascii: "<"))
            throw OktaError(code: .decoding,
                            httpStatus: response.status, requestId: response.oktaRequestId, method: method, path: path,
                            problem: .undecodableAnswer(html: looksLikeHTML, summary: Self.decodingSummary(error)))
        }
    }

    static func decodingSummary(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "unreadable" }
        func at(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value at \(at(context.codingPath).isEmpty ? "top level" : at(context.codingPath))"
        case .keyNotFound(let key, let context):
            return "missing \(at(context.codingPath + [key]))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON, or cut short" : "bad value at \(at(context.codingPath))"
        @unknown default:
            return "unreadable"
        }
    }

}

private extension UInt8 {
    var isHexDigit: Bool { (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x46) || (self >= 0x61 && self <= 0x66) }
}

extension OktaClient {
    /// A write as a plan names it: the method is the plan's, never one the caller assumes.
    package func send(method: String, url: URL, body: Data? = nil) async throws -> OktaResponse {
        try await send(HTTPMethod(rawValue: method), url: url, body: body)
    }
}
