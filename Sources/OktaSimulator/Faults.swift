import Foundation

/// A failure the simulator can inject into Okta API requests (never into `/simulator/v1/*`),
/// each shaped like what a real org or the proxies in front of it send.
package enum FaultKind: String, CaseIterable, Sendable, Codable {
    /// 429 with X-Rate-Limit-* headers and Okta's E0000047 body; nothing applied.
    case rateLimit = "429"
    /// Okta's 500 E0000009, or a proxy's 502/504 HTML page; a 504 may come after the write was applied.
    case serverError = "5xx"
    /// The connection closes without an answer, before or after the write was applied.
    case drop
    /// The answer comes late (`SimulatorOptions.slowFaultMs`).
    case slow
    /// A schema POST is acknowledged with 200 and the would-be schema, but not applied
    /// (what Okta does to one of two concurrent schema writes).
    case dropSchemaWrite = "drop-schema-write"

    /// `KIND=RATE` as given on the command line.
    package static func parse(_ text: String) throws -> (FaultKind, Double) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let kinds = allCases.map(\.rawValue).joined(separator: ", ")
        guard parts.count == 2, let kind = FaultKind(rawValue: parts[0]) else {
            throw SimulatorError(code: "bad-fault", message: "--fault takes KIND=RATE with KIND one of \(kinds); got '\(text)'.")
        }
        guard let rate = Double(parts[1]), rate.isFinite, (0...1).contains(rate) else {
            throw SimulatorError(code: "bad-fault", message: "--fault \(kind.rawValue)=RATE needs a RATE between 0 and 1; got '\(parts[1])'.")
        }
        return (kind, rate)
    }

    func applies(method: String, path: String) -> Bool {
        self == .dropSchemaWrite ? method == "POST" && path.hasPrefix("/api/v1/meta/schemas/") : true
    }
}

/// SplitMix64: tiny, seedable, the same sequence on every platform, so a fault run (or a
/// fuzz run in the tests) replays.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// What happens to one request.
struct FaultDecision: Sendable {
    var kind: FaultKind
    /// 5xx and drop: whether the write is applied before the failure (the answer is lost, not the write).
    var afterApplying: Bool
    /// 5xx: which answer (0 Okta's JSON 500, 1 a proxy's 502 page, 2 a gateway's 504 page).
    var variant: Int
}

/// Decides, request by request, which fault (if any) to inject.
struct FaultInjector: Sendable {
    var rates: [FaultKind: Double]
    var generator: SeededGenerator
    var injected: [FaultKind: Int] = [:]
    /// See `SimulatorOptions.failingWrites`; `writes` counts the Okta API writes so far.
    var failingWrites: Set<Int>
    var writes = 0

    init(rates: [FaultKind: Double], seed: UInt64, failingWrites: Set<Int> = []) {
        self.rates = rates
        generator = SeededGenerator(seed: seed)
        self.failingWrites = failingWrites
    }

    mutating func decide(method: String, path: String) -> FaultDecision? {
        if method != "GET" {
            writes += 1
            if failingWrites.contains(writes) {
                injected[.serverError, default: 0] += 1
                return FaultDecision(kind: .serverError, afterApplying: false, variant: 0)
            }
        }
        guard !rates.isEmpty else { return nil }
        for kind in FaultKind.allCases {
            guard let rate = rates[kind], rate > 0, kind.applies(method: method, path: path) else { continue }
            guard generator.unit() < rate else { continue }
            injected[kind, default: 0] += 1
            let variant = Int(generator.next() % 3)
            let afterApplying: Bool
            switch kind {
            case .serverError: afterApplying = variant == 2
            case .drop: afterApplying = generator.next() % 2 == 0
            default: afterApplying = false
            }
            return FaultDecision(kind: kind, afterApplying: afterApplying, variant: variant)
        }
        return nil
    }
}

enum ProxyPages {
    static let badGateway = """
    <html>
    <head><title>502 Bad Gateway</title></head>
    <body>
    <center><h1>502 Bad Gateway</h1></center>
    <hr><center>nginx</center>
    </body>
    </html>
    """
    static let gatewayTimeout = """
    <!DOCTYPE html><html><head><title>504 Gateway Time-out</title></head>
    <body><h1>Gateway Time-out</h1><p>The gateway did not receive a timely response from the upstream server.</p></body></html>
    """
}

/// When a held request stops: as it arrives (nothing applied yet) or once it was applied.
package enum HoldMoment: String, Sendable {
    case arrived
    case applied
}

struct HoldPoint: Sendable {
    var method: String
    var path: String?
    var occurrence: Int
    var moment: HoldMoment
}
