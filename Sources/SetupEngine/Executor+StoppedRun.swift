import OktaClient

extension Executor {
    /// After an apply stopped at `error`: settles against the org the writes it left unsettled
    /// (a read-back that gave up on a 5xx or no answer), sending nothing, so a write the org
    /// shows is confirmed rather than left to resume; then tallies how far the run got.
    /// A failed read leaves the journal as the run left it (resume settles it later).
    package func stoppedApply(planned: Int, before: Journal?, stoppedBy error: any Error) async -> (tally: RunTally, journal: Journal?) {
        let unsettled = try? store.load()
        var after = unsettled
        if unsettled?.entries.contains(where: { $0.outcome == .intent }) == true, let settled = try? await settle() {
            after = settled
        }
        return (RunTally.applied(planned: planned, before: before, after: after, unsettledAfterRun: unsettled, stoppedBy: error), after)
    }
}
