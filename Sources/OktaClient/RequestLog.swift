import Foundation
import Synchronization

/// Every attempt the client made, with when it started and ended, so a run can say how
/// many requests and how many dependent round-trip waves it needed.
package final class RequestLog: Sendable {
    package struct Entry: Sendable, Codable {
        package var method: String
        package var path: String
        package var query: String?
        package var attempt: Int
        package var status: Int?
        package var startedMs: Double
        package var endedMs: Double?
    }

    private let entries = Mutex<[Entry]>([])
    private let origin = ContinuousClock.now

    func start(method: String, path: String, query: String?, attempt: Int) -> Int {
        let now = milliseconds()
        return entries.withLock { entries in
            entries.append(Entry(method: method, path: path, query: query, attempt: attempt, status: nil, startedMs: now, endedMs: nil))
            return entries.count - 1
        }
    }

    func finish(_ index: Int, status: Int?) {
        let now = milliseconds()
        entries.withLock { entries in
            entries[index].status = status
            entries[index].endedMs = now
        }
    }

    private func milliseconds() -> Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    package var snapshot: [Entry] { entries.withLock { $0 } }
    package var requestCount: Int { snapshot.count }
    package var writeCount: Int { snapshot.filter { $0.method != "GET" }.count }

    /// The length of the longest chain of requests where each started only after the
    /// previous one had ended: the number of round trips a run could not overlap.
    package var waves: Int { Self.waves(snapshot) }

    static func waves(_ entries: [Entry]) -> Int {
        let sorted = entries.sorted { $0.startedMs < $1.startedMs }
        var depth: [Int] = []
        for (index, entry) in sorted.enumerated() {
            var best = 0
            for earlier in 0..<index {
                if let ended = sorted[earlier].endedMs, ended <= entry.startedMs { best = max(best, depth[earlier]) }
            }
            depth.append(best + 1)
        }
        return depth.max() ?? 0
    }
}
