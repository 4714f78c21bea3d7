import Foundation
import Synchronization

/// How long a whole run may take. Okta's own waits are bounded one by one (a rate-limit reset
/// at most 120 s away, a read-back 120 s), but not in sum: a server answering
/// `X-Rate-Limit-Remaining: 0` on every page would make a verify wait two minutes a page. A
/// wait that would end past the deadline is refused at once, saying so, instead of being
/// slept through; a run stops before starting a write, never in the middle of one.
package final class RunDeadline: Sendable {
    /// Room for Okta's own waits: read-backs up to 120 s, a clean-up's retries, a verify of
    /// tens of thousands of users under the rate limit.
    package static let defaultLimit: Duration = .seconds(30 * 60)
    /// No deadline: a client whose run is measured elsewhere (the wizard, where an admin reads).
    package static var none: RunDeadline { RunDeadline(nil) }

    /// The run's length as given; nil, unbounded.
    package let limit: Duration?
    private let started: ContinuousClock.Instant
    private let now: @Sendable () -> ContinuousClock.Instant
    /// Writes started and not yet read back: while one is, waits are not refused.
    private let writes = Mutex(0)

    /// `now`: the clock the deadline is measured on (tests move it).
    package init(_ limit: Duration? = RunDeadline.defaultLimit, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.limit = limit
        self.now = now
        started = now()
    }

    package var elapsed: Duration { now() - started }

    /// Refuses a wait of `wait` that would end past the deadline, unless a write is under way.
    /// `method` and `path`: the request that would wait.
    func admit(wait: Duration, before method: String, _ path: String) throws(OktaError) {
        guard let limit, writes.withLock({ $0 }) == 0 else { return }
        let elapsed = self.elapsed
        guard elapsed + wait > limit else { return }
        throw OktaError(code: .deadline,
                        method: method, path: path,
                        problem: .waitPastDeadline(wait: Self.seconds(wait), deadline: Self.seconds(limit), elapsed: Self.seconds(elapsed)))
    }

    /// Whether a wait of `wait` ends within the deadline, writes under way or not: for a
    /// write Okta refused and that would be sent again after the wait (R26).
    package func leavesRoom(for wait: Duration) -> Bool {
        guard let limit else { return true }
        return elapsed + wait <= limit
    }

    /// The time a read may still take: nil without a deadline, or while a write is under way
    /// (its read-backs take what Okta needs). A read is safe to stop; a write never is.
    func roomForRead() -> Duration? {
        guard let limit, writes.withLock({ $0 }) == 0 else { return nil }
        return limit - elapsed
    }

    /// Refuses a read once the deadline has passed and no write is under way.
    func checkBeforeRead(_ method: String, _ path: String) throws(OktaError) {
        guard let limit, let room = roomForRead(), room <= .zero else { return }
        let elapsed = self.elapsed
        throw OktaError(code: .deadline,
                        method: method, path: path,
                        problem: .deadlineDuringRead(deadline: Self.seconds(limit), elapsed: Self.seconds(elapsed)))
    }

    /// Refuses to start a write once the deadline has passed: what was written is journalled,
    /// and `resume` carries on from there.
    package func checkBeforeWrite() throws(OktaError) {
        if WriteGuard.stopRequested.load(ordering: .relaxed) {
            throw OktaError(code: .deadline, problem: .stoppedBeforeWrite)
        }
        guard let limit else { return }
        let elapsed = self.elapsed
        guard elapsed >= limit else { return }
        throw OktaError(code: .deadline,
                        problem: .deadlineBeforeWrite(deadline: Self.seconds(limit), elapsed: Self.seconds(elapsed)))
    }

    /// Marks a write under way until `end()`: its read-back waits as long as Okta needs, so a
    /// write is never cut in the middle.
    package func beginWrite() -> WriteUnderWay {
        writes.withLock { $0 += 1 }
        WriteGuard.underWay.add(1, ordering: .relaxed)
        return WriteUnderWay(deadline: self)
    }

    /// One write under way; `end()` once it was read back (or failed).
    package final class WriteUnderWay: Sendable {
        private let deadline: RunDeadline
        private let ended = Mutex(false)
        init(deadline: RunDeadline) { self.deadline = deadline }

        package func end() {
            guard ended.withLock({ was in defer { was = true }; return !was }) else { return }
            deadline.writes.withLock { $0 -= 1 }
            WriteGuard.underWay.subtract(1, ordering: .relaxed)
        }

        deinit { end() }
    }

    /// `90`, `90s`, `30m`, `2h`, `1h30m`: a positive duration, or nil.
    /// The longest deadline taken: a week. Longer is no deadline an admin means (and would
    /// overflow the clock's arithmetic), so it is a usage error, not a crash.
    package static let longest = 7 * 24 * 3600

    package static func parse(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let seconds = Int(text) { return (1...longest).contains(seconds) ? .seconds(seconds) : nil }
        var total = 0
        var number = ""
        var units: Set<Character> = []
        for character in text {
            if character.isASCII && character.isNumber { number.append(character); continue }
            guard let value = Int(number), let scale = ["h": 3600, "m": 60, "s": 1][character], units.insert(character).inserted else { return nil }
            let (part, overflow) = value.multipliedReportingOverflow(by: scale)
            guard !overflow, part <= longest else { return nil }
            total += part
            number = ""
        }
        guard number.isEmpty, (1...longest).contains(total) else { return nil }
        return .seconds(total)
    }

    /// Whole seconds, rounded up: a wait of 0.4 s still counts.
    static func seconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) + (attoseconds > 0 ? 1 : 0)
    }

    /// `2 min`, `1 h 30 min`, `45 s`.
    package static func words(_ duration: Duration) -> String { words(seconds: seconds(duration)) }

    package static func words(seconds: Int) -> String {
        let hours = seconds / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
        let parts = [(hours, "h"), (minutes, "min"), (rest, "s")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? "0 s" : parts.joined(separator: " ")
    }
}

/// Process-wide, for the one place that handles Ctrl-C: how many writes are under way (sent,
/// not yet read back and journalled), and whether the admin asked the run to stop. Atomics, so a
/// signal handler may read them.
package enum WriteGuard {
    package static let underWay = Atomic<Int>(0)
    package static let stopRequested = Atomic<Bool>(false)
}
