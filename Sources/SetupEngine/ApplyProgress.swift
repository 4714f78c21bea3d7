/// What a run is doing, for a screen or a terminal to say while the admin waits.
package enum ApplyProgress: Sendable, Equatable {
    /// The step's request is on its way.
    case writing(StepID)
    /// Okta acknowledged the step's write and reads do not show it yet (docs/REAL-ORGS.md R5):
    /// read again with growing pauses, for at most `patience` seconds.
    case awaitingReadBack(StepID, waitedSeconds: Int, patienceSeconds: Int)
    /// Not shown after a while, so sent once more: Okta may have dropped it (R6).
    case sendingAgain(StepID)
    /// Okta refused to add `attribute` while it still cleans up a deleted one of that name:
    /// the same approved write goes again once a pause has passed, for at most `patience` seconds (R26).
    case awaitingCleanup(StepID, attribute: String, waitedSeconds: Int, patienceSeconds: Int)
    /// Resume: a write journalled but never settled, settled against the org.
    case settled(StepID, appliedBeforeInterruption: Bool)
    /// Resume: a write Okta acknowledged but never showed (it was left unsettled, not
    /// interrupted), which the org does not have: planned again.
    case notShown(StepID)
    /// Rollback: the step's before-image is being put back.
    case restoring(StepID)
}
