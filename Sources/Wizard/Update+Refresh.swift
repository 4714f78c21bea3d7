import OktaClient

/// A refresh nobody asked for that met a passing failure (a 5xx, no answer): the screens keep
/// the org as last read and the status line says so and since when. A modal would take the
/// keys away for a failure that the next refresh most likely clears.
func refreshFailed(_ failure: PassingFailure, _ message: UserMessage, in state: inout WizardState) -> [WizardEffect] {
    state.observing = false
    // The next poll waits its interval as after a read: a failing org is not asked every tick.
    state.lastObservedAt = state.now
    guard state.org != nil, state.observation != nil else {
        state.modal = .error(message)
        return []
    }
    // How a stopped run ended matters more than a refresh's passing failure.
    if case .outcome = state.notice {
        state.readAgainFailed = failure
        return []
    }
    state.notice = .refreshFailed(failure, shownAsOf: state.lastCheckedClock)
    return []
}

extension Strings {
    func refreshFailed(_ failure: PassingFailure, shownAsOf clock: String?) -> String {
        let what: String = switch failure {
        case .serverFailing(let status):
            t("The org did not answer the refresh (HTTP \(status), a passing failure of the org or a proxy in front of it)",
              "組織が再読み込みに応答しませんでした（HTTP \(status)、組織またはその手前のプロキシの一時的な失敗）")
        case .noAnswer:
            t("The org did not answer the refresh in time", "組織が再読み込みに時間内に応答しませんでした")
        }
        let shown = clock.map { t(": the screens show the org as read at \($0). r reads it again.",
                                  "。画面は \($0) に読み取った組織のままです。r で再読み込みします。") }
            ?? t(": the screens show the org as last read. r reads it again.", "。画面は最後に読み取った組織のままです。r で再読み込みします。")
        return what + shown
    }
}
