import Foundation

/// Okta's rate-limit buckets for the endpoints we call (docs/REAL-ORGS.md, "Rate limits").
package enum RateLimitBucket: String, Sendable, Hashable {
    case appsCollection = "/api/v1/apps"
    case appInstance = "/api/v1/apps/{id}"
    case api = "/api/v1"

    package static func of(path: String) -> RateLimitBucket {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1", parts[2] == "apps" else { return .api }
        return parts.count == 4 ? .appInstance : .appsCollection
    }
}

/// Paces requests on the rate-limit headers Okta returns, per bucket: it keeps a local
/// count of what is left so concurrent requests do not all spend the last units, slows
/// down when little is left, and waits for the window's reset when nothing is.
actor RateLimitGovernor {
    struct Window {
        var limit: Int
        var remaining: Int
        /// Local time at which the server's window resets.
        var resetAt: ContinuousClock.Instant
    }

    private var windows: [RateLimitBucket: Window] = [:]
    private let clock = ContinuousClock()
    /// Below this share of the limit, requests are spread over what is left of the window.
    private let lowWaterShare = 0.1
    private(set) var pacedWaits = 0

    /// Waits as long as the bucket needs before one more request may be sent; a wait that
    /// would pass the run's `deadline` is refused at once (`method` and `path` name the request).
    func acquire(_ bucket: RateLimitBucket, deadline: RunDeadline = .none, method: String = "GET", path: String = "",
                 announce: @Sendable (Duration) -> Void = { _ in }) async throws(OktaError) {
        while true {
            guard var window = windows[bucket] else { return }
            let now = clock.now
            if now >= window.resetAt {
                windows[bucket] = nil
                return
            }
            let lowWater = max(2, Int(Double(window.limit) * lowWaterShare))
            if window.remaining > lowWater {
                window.remaining -= 1
                windows[bucket] = window
                return
            }
            let untilReset = window.resetAt - now
            if window.remaining > 0 {
                window.remaining -= 1
                windows[bucket] = window
                pacedWaits += 1
                let pause = untilReset / (window.remaining + 2)
                try deadline.admit(wait: pause, before: method, path)
                if pause >= .seconds(1) { announce(pause) }
                try? await Task.sleep(for: pause)
                return
            }
            pacedWaits += 1
            // Bounded: `localInstant` never puts a reset more than 120 s away; in sum, by the deadline.
            try deadline.admit(wait: untilReset, before: method, path)
            announce(untilReset)
            try? await Task.sleep(for: untilReset)
        }
    }

    /// Takes in what a response said about its bucket.
    func update(_ bucket: RateLimitBucket, limit: Int?, remaining: Int?, reset: Int?, serverDate: Date?) {
        guard let limit, let remaining, let reset else { return }
        let resetAt = Self.localInstant(forEpoch: reset, serverDate: serverDate, clock: clock)
        if var window = windows[bucket], abs((window.resetAt - resetAt).components.seconds) < 2 {
            // Responses to concurrent requests arrive in any order: the smallest count is the newest.
            window.remaining = min(window.remaining, remaining)
            window.limit = limit
            windows[bucket] = window
        } else {
            windows[bucket] = Window(limit: limit, remaining: remaining, resetAt: resetAt)
        }
    }

    /// How long a 429 asks us to wait: until the reset, measured against the server's own
    /// clock (as Okta's SDKs do) so a skewed local clock cannot make us hammer or stall.
    static func waitAfter429(reset: Int?, serverDate: Date?, now: Date = Date()) -> Duration {
        guard let reset else { return .seconds(1) }
        let reference = serverDate ?? now
        let seconds = Double(reset) - reference.timeIntervalSince1970 + 1
        return .milliseconds(Int(min(max(seconds, 0.5), 61) * 1000))
    }

    private static func localInstant(forEpoch reset: Int, serverDate: Date?, clock: ContinuousClock) -> ContinuousClock.Instant {
        let reference = serverDate ?? Date()
        let seconds = min(max(Double(reset) - reference.timeIntervalSince1970, 0), 120)
        return clock.now + .milliseconds(Int(seconds * 1000))
    }
}
