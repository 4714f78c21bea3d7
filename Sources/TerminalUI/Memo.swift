import Synchronization

/// The answers of a pure function, remembered for their inputs. A frame is drawn on each key
/// press from mostly the same texts and plans as the last; what is costly to lay out (line
/// breaking, JSON shown pretty) is made once. Bounded: past `capacity` answers it starts again.
package final class Memo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let answers = Mutex<[Key: Value]>([:])
    private let capacity: Int

    package init(capacity: Int) { self.capacity = capacity }

    package func value(for key: Key, making make: () -> Value) -> Value {
        if let known = answers.withLock({ $0[key] }) { return known }
        let value = make()
        answers.withLock { answers in
            if answers.count >= capacity { answers.removeAll(keepingCapacity: true) }
            answers[key] = value
        }
        return value
    }
}
