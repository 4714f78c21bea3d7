import OktaClient

extension Executor {
    /// Reads the one resource `write` wrote, through passing failures: a read is safe to
    /// repeat, so a 5xx or a lost answer on it (after the client's own retries) is read again
    /// with the read-back's growing pauses, and thrown only once `readBackPatience` is spent.
    func rereadThroughPassingFailures(_ write: PlannedWrite, into observation: Observation) async throws -> Observation {
        let started = clock.now()
        var pause: Duration = .milliseconds(100)
        while true {
            do {
                return try await reread(write.step, write.userType, into: observation)
            } catch let error as OktaError where error.passingFailure != nil {
                guard clock.now() - started < readBackPatience else { throw error }
                try await clock.sleep(pause)
                pause = min(pause * 2, .seconds(5))
            }
        }
    }
}
