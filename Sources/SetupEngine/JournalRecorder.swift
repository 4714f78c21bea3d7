import Foundation
import OktaClient

/// The journal of one apply, saved (fsync) at every change; stages running at once share it.
actor JournalRecorder {
    private(set) var journal: Journal
    let store: JournalStore

    init(journal: Journal, store: JournalStore) {
        self.journal = journal
        self.store = store
    }

    /// Journals each write with its before-image as an intent, before it is sent; returns their entries.
    func intend(_ writes: [PlannedWrite], before: [JSONValue]) throws -> [Int] {
        let first = journal.entries.count
        for (write, image) in zip(writes, before) {
            var entry = Journal.Entry(step: write.step, method: write.method, path: write.path, body: write.body,
                                      before: image, after: nil, outcome: .intent, message: nil, at: Executor.now())
            entry.userType = write.userType
            journal.entries.append(entry)
        }
        do { try store.save(journal) } catch {
            journal.entries.removeLast(writes.count)
            throw error
        }
        return Array(first..<journal.entries.count)
    }

    /// What became of one journalled write.
    struct Settled: Sendable {
        var entry: Int
        var after: JSONValue?
        var outcome: Journal.Entry.Outcome
        var message: String?
        var requestId: String?
    }

    func settle(_ outcomes: [Settled]) throws {
        for settled in outcomes {
            journal.entries[settled.entry].after = settled.after
            journal.entries[settled.entry].outcome = settled.outcome
            journal.entries[settled.entry].message = settled.message
            journal.entries[settled.entry].requestId = settled.requestId ?? journal.entries[settled.entry].requestId
        }
        try store.save(journal)
    }
}


/// The time the executor waits on: the real clock in the product; a test gives one that
/// advances only when slept on, so two minutes of read-back patience take no time.
package struct WaitClock: Sendable {
    package var now: @Sendable () -> ContinuousClock.Instant
    package var sleep: @Sendable (Duration) async throws -> Void

    package init(now: @escaping @Sendable () -> ContinuousClock.Instant, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    package static let real = WaitClock(now: { ContinuousClock.now }, sleep: { try await Task.sleep(for: $0) })
}
