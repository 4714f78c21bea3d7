import SetupEngine
import TerminalUI

/// The words only plain mode says: what the screen shows by position, focus or a mark.
extension Strings {
    var notReadYet: String { t("not read yet", "未確認") }
    var phasesLabel: String { t("Phases", "フェーズ") }
    var allStepsDone: String { t("every step is done", "すべてのステップが完了") }
    var emptyField: String { t("(empty)", "（未入力）") }
    var typingHere: String { t("(your next line goes here)", "（次の入力はここに入ります）") }
    var typedNotShown: String { t("typed, not shown", "入力済み（表示しません）") }
    func selected(_ what: String) -> String { t("Selected: \(what)", "選択中：\(what)") }
    func phaseHeading(_ phase: String) -> String { t("Phase \(phase)", "フェーズ \(phase)") }
    var warningLabel: String { t("Note", "注意") }
    var statusLabel: String { t("State", "状態") }
    var ticked: String { t("Ticked", "チェック済み") }
    var notTicked: String { t("Not ticked (Space ticks)", "未チェック（スペースでチェック）") }
    var buttonsLabel: String { t("Buttons", "ボタン") }
    func notOfferedYet(_ button: String) -> String {
        t("\(button) (offered once every line of the plan has been shown; PgDn shows more)",
          "\(button)（計画のすべての行を表示してから選べます。PgDn で続きを表示）")
    }
    /// The key that says the whole screen again, and what it does.
    static let reprintKey = "p"
    var keyReprint: String { t("reprint the whole screen", "画面全体を再表示") }
    var reprintHelp: String {
        t("Plain mode prints only what a key changed; p prints the whole screen again (on a screen with a text field, type p as a value).",
          "プレーンモードではキーで変わった部分だけを表示します。p で画面全体を再表示します（入力欄のある画面では p は値として入力されます）。")
    }
    /// A key as plain mode's answers name it: arrows are the words `up` and `down`.
    func plainKeys(_ keys: String) -> String { keys == "↑↓" ? t("Up/Down", "Up/Down") : keys }
    var keysLabel: String { t("Keys: ", "キー：") }
}
