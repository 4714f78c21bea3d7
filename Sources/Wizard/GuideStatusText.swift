extension Strings {
    /// A console step's guide, not done yet: before the org shows the action it waits for the
    /// org; once the tick is offered (the org shows it, or no org can) it waits for the admin.
    func waitingFor(tick: Bool) -> String {
        tick ? t("Waiting for your tick: Space, then Enter records it.", "チェックを待っています：Space でオンにし、Enter で記録します。")
            : waitingForChange
    }
}
