import Foundation
import Hummingbird
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

package struct SimulatorOptions: Sendable {
    /// Seed name (e.g. "fresh") or a path to a .json seed file.
    package var seed: String
    package var host: String
    /// 0 = pick a free port.
    package var port: Int
    /// Added to every request before it is answered.
    package var latencyMs: Int
    /// nil = a random token like "00" + 40 url-safe chars.
    package var token: String?
    /// Per-minute limit per bucket ("/api/v1/apps", "/api/v1/apps/{id}", "/api/v1"); nil = Workforce defaults 100/500/1200.
    package var rateLimits: [String: Int]?
    package var concurrencyLimit: Int
    /// How long a deleted schema attribute blocks re-adding.
    package var cleanupSeconds: Double
    /// Share (0...1) of Okta API requests that meet each fault; `/simulator/v1/*` never does.
    package var faults: [FaultKind: Double] = [:]
    /// The same seed, the same requests in the same order: the same faults.
    package var faultSeed: UInt64 = 1
    /// How late a `slow` fault answers.
    package var slowFaultMs = 2_000
    /// The Okta API writes (counted from 1, in the order they arrive) answered with Okta's 500
    /// E0000009 and not applied: a run stopped at a chosen write, whatever the fault seed.
    package var failingWrites: Set<Int> = []
    /// Serve HTTPS with a certificate from a test CA made at start (see `RunningSimulator.caFile`).
    package var tls = false
    /// The names the server certificate is for; tests give another name to meet a host-name mismatch.
    package var tlsNames = ["localhost", "127.0.0.1", "::1"]
    /// Where the test CA's PEM is written (nil: a new temporary directory).
    package var caDirectory: String?
    /// OAuth 2.0 service apps that may get access tokens at `/oauth2/v1/token`.
    package var serviceApps: [SimulatedServiceApp] = []
    /// Tolerance for `exp`, `iat` of client assertions and DPoP proofs.
    package var clockSkewSeconds: Double = 60
    /// The simulated org's clock runs this far ahead of this machine's: tests a skewed client clock.
    /// (Hummingbird writes the `Date` header itself, so it shows this machine's time.)
    package var clockOffsetSeconds: Double = 0
    /// `expires_in` of issued access tokens (Okta: one hour).
    package var accessTokenLifetime: Int = 3600
    /// Ask for a DPoP nonce on API requests too (Okta's resource server may; RFC 9449 §9).
    package var requireResourceDPoPNonce = false
    /// The admin roles of the API token's admin (Okta's role types); writes a role may not
    /// make answer 403 E0000006, as Okta does (docs/REAL-ORGS.md R8).
    package var adminRoles: [String] = ["SUPER_ADMIN"]
    /// Milliseconds before a schema write shows in reads; a write meanwhile loses the earlier one (R5, R6).
    package var consistencyDelayMs = 0
    /// Okta's import schedule: every provisioning app is imported from every this many seconds
    /// (R3); 0, the default in tests: only Import Now.
    package var importEverySeconds: Double = 0
    /// The org's edition has no Mappings API: every `/api/v1/mappings` request answers 401
    /// E0000015, as Okta does (docs/REAL-ORGS.md R25).
    package var mappingsAPIUnavailable = false
    /// Next links of a filtered mapping listing drop `sourceId`/`targetId`, as its self links
    /// do in every recording; whether Okta's next links do is not recorded (docs/REAL-ORGS.md R29).
    package var mappingNextLinksDropFilter = false
    /// Milliseconds "Apply updates now" runs after its console endpoint answered, as Okta's
    /// background job does; 0, the default in tests: before it answers.
    package var consoleJobDelayMs = 0
    /// A support bundle whose answers are the org, in place of the seed's (`ReplayOrg`, issue 24).
    package var replay: String?
    /// Assign this many users to the seed's Dialpad app (adding users to the seed where it has
    /// fewer): an org of any size built on demand, for verify at scale (issue 25), not a seed file.
    package var dialpadUsers: Int?

    package init(seed: String, host: String = "127.0.0.1", port: Int = 0, latencyMs: Int = 0, token: String? = nil,
                rateLimits: [String: Int]? = nil, concurrencyLimit: Int = 75, cleanupSeconds: Double = 3)
    {
        self.seed = seed
        self.host = host
        self.port = port
        self.latencyMs = latencyMs
        self.token = token
        self.rateLimits = rateLimits
        self.concurrencyLimit = concurrencyLimit
        self.cleanupSeconds = cleanupSeconds
    }
}

package struct SimulatorError: Error, CustomStringConvertible, Sendable {
    package let code: String
    package let message: String
    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }
    package var description: String { "\(code): \(message)" }
}

package struct RunningSimulator: Sendable {
    package let baseURL: String
    package let token: String
    /// With `tls`: the test CA's PEM, for `SSL_CERT_FILE` or `--ca-file`.
    package let caFile: String?
    let core: SimulatorCore
    let group: ServiceGroup
    let task: Task<Void, Never>
    /// The import schedule, when one runs.
    let schedule: Task<Void, Never>?

    /// Same as GET /simulator/v1/state.
    package func stateJSON() async throws -> Data { await core.store.stateJSON().data() }

    /// Same as GET /simulator/v1/requests (works over TLS without trusting the CA).
    package func requestsJSON() async -> Data { await core.requestLog().data() }

    /// How many faults of each kind were injected so far (also GET /simulator/v1/faults).
    package func faultsInjected() async -> [FaultKind: Int] { await core.faults.injected }

    /// Stops the `occurrence`th request matching `method` and `path` at `moment` and keeps it
    /// waiting (the org already changed if the moment is `.applied`); `waitUntilHeld` returns
    /// once it is there. A crash test kills the client then and calls `abandonHeld`.
    package func hold(_ method: String, path: String? = nil, occurrence: Int, at moment: HoldMoment) async {
        await core.arm(HoldPoint(method: method, path: path, occurrence: occurrence, moment: moment))
    }

    /// Waits (up to `seconds`) for the armed hold to catch its request; false if it never came.
    package func waitUntilHeld(seconds: Double = 60) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if await core.isHolding { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    /// Whether the armed hold has caught its request.
    package func isHolding() async -> Bool { await core.isHolding }

    /// Lets the held request go without an answer (its connection closes) and without applying
    /// anything it had not applied yet.
    package func abandonHeld() async { await core.abandonHeld() }

    /// How often the OAuth server did each thing ("issued", "use_dpop_nonce", "resource_nonce").
    package func oauthCounts() async -> [String: Int] { await core.oauth.counts }

    /// Expires every access token now, as if its hour had passed.
    package func expireAccessTokens() async { await core.oauth.expireTokens() }

    /// Stops the server gracefully (cancelling it if that takes over 2 s) and waits until it has stopped.
    package func shutdown() async {
        schedule?.cancel()
        await group.triggerGracefulShutdown()
        let running = task
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(2))
            running.cancel()
        }
        await task.value
        watchdog.cancel()
    }
}

package enum OktaSimulator {
    /// Okta's Workforce per-minute limits for the buckets the simulator serves.
    package static let defaultRateLimits = ["/api/v1/apps": 100, "/api/v1/apps/{id}": 500, "/api/v1": 1200]

    /// The seeds are compiled in (`SeedTexts`): the installed binary runs `demo` and
    /// `simulator` with nothing beside it.
    package static func availableSeeds() -> [String] { SeedTexts.all.keys.sorted() }

    /// Whether `seed` names a seed file rather than a shipped seed.
    package static func isSeedFile(_ seed: String) -> Bool { seed.hasSuffix(".json") || seed.contains("/") }

    static func loadSeed(_ seed: String) throws -> SeedFile {
        let data: Data
        let source: String
        if isSeedFile(seed) {
            source = "seed file \(seed)"
            do { data = try Data(contentsOf: URL(fileURLWithPath: seed)) } catch {
                throw SimulatorError(code: "seed-unreadable", message: "Cannot read seed file \(seed): \(error)")
            }
        } else {
            guard let text = SeedTexts.all[seed] else {
                throw SimulatorError(code: "unknown-seed",
                                     message: "Unknown seed '\(seed)'. Available seeds: \(availableSeeds().joined(separator: ", "))")
            }
            source = "seed \(seed)"
            data = Data(text.utf8)
        }
        do { return try JSONDecoder().decode(SeedFile.self, from: data) } catch {
            throw SimulatorError(code: "seed-invalid", message: "Invalid \(source): \(error)")
        }
    }

    /// Starts the simulator; returns once it is listening.
    package static func start(_ options: SimulatorOptions) async throws -> RunningSimulator {
        var seed = try loadSeed(options.seed)
        if let dialpadUsers = options.dialpadUsers { try seed.assignToDialpad(dialpadUsers) }
        let store = OrgStore(seed: seed, cleanupSeconds: options.cleanupSeconds)
        if let replay = options.replay { await store.replace(with: try ReplayOrg.load(path: replay)) }
        if options.consistencyDelayMs > 0 { await store.setConsistencyDelay(.milliseconds(options.consistencyDelayMs)) }
        let token = options.token ?? IDs.token()
        var limits = defaultRateLimits
        for (k, v) in options.rateLimits ?? [:] { limits[k] = v }
        let oauth = try OAuthAuthority(apps: options.serviceApps, clockSkew: options.clockSkewSeconds, clockOffset: options.clockOffsetSeconds, tokenLifetime: options.accessTokenLifetime,
                                       requireResourceNonce: options.requireResourceDPoPNonce)
        let core = SimulatorCore(store: store, token: token, latencyMs: options.latencyMs, limits: limits,
                                 concurrencyLimit: options.concurrencyLimit, adminRoles: options.adminRoles,
                                 faults: FaultInjector(rates: options.faults, seed: options.faultSeed, failingWrites: options.failingWrites), slowFaultMs: options.slowFaultMs, oauth: oauth)
        var logger = Logger(label: "OktaSimulator")
        logger.logLevel = .error
        let (stream, cont) = AsyncStream<Result<Int, any Error>>.makeStream()
        var tlsMaterial: TestCertificateAuthority.Material?
        if options.tls {
            tlsMaterial = try TestCertificateAuthority.make(names: options.tlsNames, directory: options.caDirectory)
        }
        let configuration = ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: nil)
        let onRunning: @Sendable (any Channel) async -> Void = { channel in
            cont.yield(.success(channel.localAddress?.port ?? options.port))
        }
        let app: any Service
        if let tlsMaterial {
            // Okta serves HTTP/2 over TLS (docs/REAL-ORGS.md R9); HTTP/1.1 for clients that ask for it (ALPN).
            app = Application(responder: SimulatorResponder(core: core), server: try .http2Upgrade(tlsConfiguration: tlsMaterial.serverConfiguration),
                              configuration: configuration, onServerRunning: onRunning, logger: logger)
        } else {
            app = Application(responder: SimulatorResponder(core: core), configuration: configuration, onServerRunning: onRunning, logger: logger)
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            do {
                try await group.run()
            } catch {
                cont.yield(.failure(error))
            }
            cont.finish()
        }
        var port: Int?
        for await r in stream {
            switch r {
            case .success(let p): port = p
            case .failure(let e):
                throw SimulatorError(code: "start-failed", message: "Cannot start the simulator on \(options.host):\(options.port): \(e)")
            }
            break
        }
        guard let port else {
            throw SimulatorError(code: "start-failed", message: "The simulator stopped before listening")
        }
        let hostPart = options.host.contains(":") ? "[\(options.host)]" : options.host
        let baseURL = "\(options.tls ? "https" : "http")://\(hostPart):\(port)"
        await store.setBaseURL(baseURL)
        await core.setBaseURL(baseURL)
        await oauth.setBaseURL(baseURL)
        await core.setConsoleJobDelay(options.consoleJobDelayMs)
        await core.setMappingsAPIUnavailable(options.mappingsAPIUnavailable)
        await core.setMappingNextLinksDropFilter(options.mappingNextLinksDropFilter)
        var schedule: Task<Void, Never>?
        if options.importEverySeconds > 0 {
            let interval = Duration.milliseconds(Int(options.importEverySeconds * 1000))
            schedule = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { break }
                    await store.importEveryProvisioningApp()
                }
            }
        }
        return RunningSimulator(baseURL: baseURL, token: token, caFile: tlsMaterial?.caFile, core: core, group: group, task: task,
                                schedule: schedule)
    }
}
