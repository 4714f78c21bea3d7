import OktaClient

/// The waits of one write Okta refused while it still cleans up a deleted attribute of the
/// same name (`Api validation failed: updateUserSchemas`, "You cannot add the attribute with
/// the variable name '…'"; docs/REAL-ORGS.md R26). Terraform retries such a write for two
/// minutes; so does the executor, with growing pauses, never past the run's deadline.
struct CleanupWait: Sendable {
    let patience: Duration
    let started: ContinuousClock.Instant
    private var pause: Duration = .seconds(1)
    static let longestPause: Duration = .seconds(15)

    init(patience: Duration, started: ContinuousClock.Instant) {
        self.patience = patience
        self.started = started
    }

    /// Waits before the same write goes again, saying what it waits for; throws Okta's refusal,
    /// with what was waited, once the patience or the run's deadline leaves no room for the pause.
    mutating func wait(_ step: StepID, attribute: String, after refusal: OktaError, clock: WaitClock, deadline: RunDeadline,
                       progress: @Sendable (ApplyProgress) -> Void) async throws {
        let waited = clock.now() - started
        let withinPatience = waited + pause <= patience
        guard withinPatience, deadline.leavesRoom(for: pause) else {
            throw Self.stillRefused(refusal, attribute: attribute, waited: waited, deadlineReached: withinPatience)
        }
        progress(.awaitingCleanup(step, attribute: attribute, waitedSeconds: Self.seconds(waited),
                                  patienceSeconds: Self.seconds(patience)))
        try await clock.sleep(pause)
        pause = min(pause * 2, Self.longestPause)
    }

    /// Okta's last refusal as sent (its code, causes and request id: a 4xx, so the journal
    /// records the write as never made), worded with the wait.
    static func stillRefused(_ refusal: OktaError, attribute: String, waited: Duration, deadlineReached: Bool) -> OktaError {
        let seconds = Self.seconds(waited)
        return OktaError(
            code: refusal.code,
            httpStatus: refusal.httpStatus, errorCode: refusal.errorCode, errorSummary: refusal.errorSummary,
            errorCauses: refusal.errorCauses, requestId: refusal.requestId, method: refusal.method, path: refusal.path,
            problem: .attributeCleanupPending(attribute: attribute, waited: seconds, deadlineReached: deadlineReached))
    }

    static func seconds(_ duration: Duration) -> Int { Int(duration.components.seconds) }
}
