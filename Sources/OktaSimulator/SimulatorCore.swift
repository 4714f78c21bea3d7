import Foundation
import Hummingbird
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

// MARK: - Core (volatile state: limits, log)

actor SimulatorCore {
    let store: OrgStore
    let token: String
    /// The org's id, as `/.well-known/okta-organization` gives it.
    nonisolated let orgId: String
    let oauth: OAuthAuthority
    let latencyMs: Int
    let limits: [String: Int]
    let concurrencyLimit: Int
    let adminRoles: [String]
    let started = ContinuousClock.now
    var baseURL = ""
    /// See `SimulatorOptions.consoleJobDelayMs`.
    var consoleJobDelayMs = 0
    var inFlight = 0
    var windows: [String: (resetEpoch: Int, count: Int)] = [:]
    var log: [JSON] = []

    func setConsoleJobDelay(_ milliseconds: Int) { consoleJobDelayMs = milliseconds }
    /// See `SimulatorOptions.mappingsAPIUnavailable`.
    var mappingsAPIUnavailable = false
    func setMappingsAPIUnavailable(_ unavailable: Bool) { mappingsAPIUnavailable = unavailable }
    /// See `SimulatorOptions.mappingNextLinksDropFilter`.
    var mappingNextLinksDropFilter = false
    func setMappingNextLinksDropFilter(_ drop: Bool) { mappingNextLinksDropFilter = drop }
    var faults: FaultInjector
    let slowFaultMs: Int
    var holdPoint: HoldPoint?
    var holdSeen = 0
    var held: CheckedContinuation<Void, Never>?

    init(store: OrgStore, token: String, latencyMs: Int, limits: [String: Int], concurrencyLimit: Int, adminRoles: [String],
         faults: FaultInjector, slowFaultMs: Int, oauth: OAuthAuthority) {
        self.store = store
        self.adminRoles = adminRoles
        self.token = token
        orgId = IDs.make("00o", token)
        self.oauth = oauth
        self.latencyMs = latencyMs
        self.limits = limits
        self.concurrencyLimit = concurrencyLimit
        self.faults = faults
        self.slowFaultMs = slowFaultMs
    }

    func decideFault(method: String, path: String) -> FaultDecision? { faults.decide(method: method, path: path) }

    func faultsJSON() -> JSON {
        .object(Dictionary(uniqueKeysWithValues: FaultKind.allCases.map { ($0.rawValue, JSON.int(faults.injected[$0] ?? 0)) }))
    }

    func arm(_ point: HoldPoint) {
        holdPoint = point
        holdSeen = 0
    }

    var isHolding: Bool { held != nil }

    /// True when the request was held and then abandoned: it must not be applied or answered.
    func checkpoint(method: String, path: String, moment: HoldMoment) async -> Bool {
        guard let point = holdPoint, point.moment == moment, point.method == method, point.path == nil || point.path == path else { return false }
        holdSeen += 1
        guard holdSeen == point.occurrence else { return false }
        holdPoint = nil
        await withCheckedContinuation { held = $0 }
        return true
    }

    func abandonHeld() {
        held?.resume()
        held = nil
    }

    func setBaseURL(_ u: String) { baseURL = u }

    func msSinceStart() -> Double {
        let d = ContinuousClock.now - started
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return (ms * 1000).rounded() / 1000
    }

    enum Admission { case ok(limit: Int, remaining: Int, reset: Int), overRate(limit: Int, reset: Int), overConcurrency(reset: Int) }

    /// Admits an API request: concurrency first, then the bucket's per-minute window.
    func admit(bucket: String) -> Admission {
        let nowSec = Int(Date().timeIntervalSince1970)
        if inFlight >= concurrencyLimit { return .overConcurrency(reset: nowSec + 1) }
        let limit = limits[bucket] ?? 1200
        var w = windows[bucket] ?? (resetEpoch: 0, count: 0)
        if nowSec >= w.resetEpoch { w = (resetEpoch: nowSec + 60, count: 0) }
        if w.count >= limit {
            windows[bucket] = w
            return .overRate(limit: limit, reset: w.resetEpoch)
        }
        w.count += 1
        windows[bucket] = w
        inFlight += 1
        return .ok(limit: limit, remaining: limit - w.count, reset: w.resetEpoch)
    }

    func done() { inFlight -= 1 }

    func record(method: String, path: String, query: String, status: Int, startedAt: Double, fault: FaultKind?, applied: Bool,
                httpVersion: String = "1.1") {
        if log.count >= 200_000 { log.removeFirst(100_000) }
        var entry: [String: JSON] = ["method": .string(method), "path": .string(path), "query": .string(query), "status": .int(status),
                                     "startedAt": .double(startedAt), "endedAt": .double(msSinceStart()), "httpVersion": .string(httpVersion)]
        if let fault { entry["fault"] = .string(fault.rawValue) }
        if method != "GET" { entry["applied"] = .bool(applied) }
        log.append(.object(entry))
    }

    func requestLog() -> JSON { .array(log) }
    func clearLog() { log.removeAll() }
}
