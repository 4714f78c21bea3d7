import Foundation
import OktaClient
import SetupEngine

/// The words of a rollback that could not go on: which fields of a step changed since its
/// write, and what a stopped run's "next" keys are from the screen the admin is on.
extension Strings {
    /// A field of an attribute or mapping property, by its name in Okta's API, in words; the
    /// API name stays beside the Japanese, as the Admin Console's labels do. A field this table
    /// does not know keeps Okta's name.
    func fieldName(_ name: String) -> String {
        switch name {
        case "title": return t("title (display name)", "表示名（title）")
        case "description": return t("description", "説明（description）")
        case "type": return t("data type", "データ型（type）")
        case "required": return t("required", "必須（required）")
        case "externalName": return t("external name", "外部名（externalName）")
        case "externalNamespace": return t("external namespace", "外部名前空間（externalNamespace）")
        case "scope": return t("scope", "スコープ（scope）")
        case "mutability": return t("mutability", "変更可否（mutability）")
        case "master": return t("source priority (master)", "ソースの優先順位（master）")
        case "permissions": return t("permissions", "権限（permissions）")
        case "unique": return t("unique", "一意（unique）")
        case "enum", "oneOf": return t("allowed values (\(name))", "許可される値（\(name)）")
        case "expression": return t("expression", "式（expression）")
        case "pushStatus": return t("when it applies (pushStatus)", "適用のタイミング（pushStatus）")
        default: return name
        }
    }

    /// `a, b and c` / `a、b、c`.
    func listed(_ items: [String]) -> String {
        guard language == .en, items.count > 1 else { return items.joined(separator: "、") }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    /// What differs between a step's value in the org and what its write left: English a
    /// clause, Japanese a sentence.
    func changeSinceApplied(_ change: ChangeSinceApplied) -> String {
        switch change {
        case .removed:
            return t("it is no longer in the org", "組織から削除されています。")
        case .fields(let names):
            let words = listed(names.map(fieldName))
            return t("its \(words) \(names.count == 1 && names != ["permissions"] ? "differs" : "differ") from what this tool wrote",
                     "このツールが書き込んだ内容と異なる項目：\(words)。")
        case .value:
            return t("its value differs from what this tool wrote", "このツールが書き込んだ値と異なります。")
        }
    }
}

/// The screen a stopped run's "next" is read on: the keys it names must work there.
enum NextKeysPlace: Sendable, Equatable {
    /// A phase: a and A apply, b rolls back the selected step (and those built on it).
    case phase
    /// The overview: b rolls back everything left in the journal; a phase opens with 1-3.
    case overview
    /// Another screen where 1-3 open a phase (the summary, a console step).
    case elsewhere
    /// A screen whose text field takes every key: Esc leaves it first.
    case textField

    init(_ screen: Screen) {
        switch screen {
        case .phase: self = .phase
        case .overview, .resumeOffer, .connect: self = .overview
        case .summary, .consoleChoice, .manual: self = .elsewhere
        case .userCheck: self = .textField
        }
    }
}

extension Strings {
    /// A run of writes that stopped at a failed write: how far it got, that the screen shows
    /// the org as read again, and what to do next with keys that work where the admin is.
    /// `readAgainFailed`: the read of the org once the run stopped failed too, so the screens
    /// show the org as read at `shownAsOf`, before the run.
    func outcome(_ tally: RunTally, at place: NextKeysPlace, readAgainFailed: PassingFailure? = nil, shownAsOf: String? = nil) -> String {
        let leave = place == .textField ? t("Esc leaves this screen. ", "Esc でこの画面を離れます。") : ""
        switch tally.kind {
        case .apply:
            var parts = stoppedApply(tally)
            if readAgainFailed != nil {
                parts.append(shownAsOf.map { t("The org could not be read again: the screens show it as read at \($0), before this run. r reads it again.",
                                              "組織を読み直せませんでした。画面は実行前の \($0) に読み取った組織のままです。r で再読み込みします。") }
                             ?? t("The org could not be read again: the screens show it as read before this run. r reads it again.",
                                  "組織を読み直せませんでした。画面は実行前に読み取った組織のままです。r で再読み込みします。"))
            } else {
                parts.append(t("The org was read again and the screens show it.", "組織を読み直し、画面に表示しています。"))
            }
            let next: String
            switch (place, tally.passingFailure) {
            case (.phase, nil):
                next = t("Next: resolve the error, then a or A sends what is left (planned again from the org).",
                         "次に：エラーを解決してから a か A で残りを送信します（組織から計画し直します）。")
            case (.overview, nil), (.elsewhere, nil), (.textField, nil):
                next = leave + t("Next: resolve the error, then open a phase (1-3): a or A there sends what is left (planned again from the org).",
                                 "次に：エラーを解決してから 1～3 でフェーズを開き、a か A で残りを送信します（組織から計画し直します）。")
            case (.phase, let failure?):
                next = passingStop(failure) + t(" Next: wait a minute, then a or A sends what is left (planned again from the org).",
                                                "次に：少し待ってから a か A で残りを送信します（組織から計画し直します）。")
            case (.overview, let failure?), (.elsewhere, let failure?), (.textField, let failure?):
                next = leave + passingStop(failure) + t(" Next: wait a minute, then open a phase (1-3): a or A there sends what is left (planned again from the org).",
                                                        "次に：少し待ってから 1～3 でフェーズを開き、a か A で残りを送信します（組織から計画し直します）。")
            }
            parts.append(next)
            parts.append(tally.mayHaveWritten ? rollbackOffer(place) : nothingToRollBackAfterRun)
            return "✗ " + parts.joined(separator: t(" ", ""))
        case .rollback:
            let head = t("\(tally.done) of \(tally.planned) rolled back. The org was read again and the screens show it.",
                         "ロールバック \(tally.planned) 件のうち \(tally.done) 件を戻しました。組織を読み直し、画面に表示しています。")
            let next: String
            switch place {
            case .overview:
                next = t("Next: resolve the error, then b rolls back the rest (what was restored stays restored).",
                         "次に：エラーを解決してから b で残りをロールバックします（戻した分はそのままです）。")
            case .phase:
                next = t("Next: resolve the error, then b rolls back the selected step and those built on it; b on the overview rolls back the rest.",
                         "次に：エラーを解決してから b で選択中のステップ（とそれに依存するステップ）をロールバックします。残りすべては概要画面で b。")
            case .elsewhere, .textField:
                next = leave + t("Next: resolve the error; b on the overview rolls back the rest (what was restored stays restored).",
                                 "次に：エラーを解決してから、概要画面で b を押すと残りをロールバックします（戻した分はそのままです）。")
            }
            return "✗ " + head + (language == .ja ? "" : " ") + next
        }
    }
}

extension WizardState {
    /// A notice as read on the screen at hand: a stopped run's "next" names keys that work here.
    func words(_ notice: Notice) -> String {
        if case .outcome(let tally) = notice {
            return strings.outcome(tally, at: NextKeysPlace(screen), readAgainFailed: readAgainFailed, shownAsOf: lastCheckedClock)
        }
        return strings.notice(notice)
    }
}

extension Strings {
    /// After a stopped apply that may have left something in the org: b undoes it.
    func rollbackOffer(_ place: NextKeysPlace) -> String {
        place == .overview ? t("b here rolls back what was written.", "書き込んだ分を戻すには、この画面で b。")
            : t("b rolls back what was written.", "書き込んだ分を戻すには b。")
    }

    /// After a stopped apply of which nothing reached the org: no rollback is offered.
    var nothingToRollBackAfterRun: String {
        t("Nothing of this run is in the org, so there is nothing to roll back.", "この実行で組織に入ったものはないため、ロールバックするものはありません。")
    }

    var keyRollbackAll: String { t("roll back all", "すべてロールバック") }
}

extension Strings {
    /// How far a stopped apply got, the writes not in the org and those not confirmed: the
    /// command line and the wizard say them alike, each with its own next step after.
    func stoppedApply(_ tally: RunTally) -> [String] {
        let titles = { (steps: [StepID]) in steps.map { self.stepTitle($0) }.joined(separator: self.t(", ", "、")) }
        var parts = [t("\(tally.done) of \(tally.planned) written.", "書き込み \(tally.planned) 件のうち \(tally.done) 件が完了。")]
        if !tally.refused.isEmpty {
            parts.append(t("Not applied (Okta refused it, or failed and the org does not show it): \(titles(tally.refused)).",
                           "適用されていません（Okta が拒否したか、エラーになり組織に反映されていません）：\(titles(tally.refused))。"))
        }
        if !tally.failed.isEmpty {
            parts.append(t("Not applied (Okta failed on it, and the org read again does not show it): \(titles(tally.failed)).",
                           "適用されていません（Okta でエラーになり、読み直した組織にも反映されていません）：\(titles(tally.failed))。"))
        }
        if !tally.unsettled.isEmpty {
            parts.append(t("Not confirmed: \(titles(tally.unsettled)) (Okta may have applied \(tally.unsettled.count == 1 ? "it" : "them") without showing \(tally.unsettled.count == 1 ? "it" : "them") yet; what runs next reads the org first).",
                           "未確認：\(titles(tally.unsettled))（Okta が適用したがまだ表示していない可能性があります。次に実行するものは先に組織を読みます）。"))
        }
        return parts
    }

    /// A run stopped by a passing failure of the org: nothing in the setup is wrong.
    func passingStop(_ failure: PassingFailure) -> String {
        switch failure {
        case .serverFailing(let status):
            t("Okta failed for a moment (HTTP \(status)); nothing in the setup is wrong.",
              "Okta が一時的に失敗しました（HTTP \(status)）。設定に誤りはありません。")
        case .noAnswer:
            t("Okta did not answer in time; nothing in the setup is wrong.",
              "Okta が時間内に応答しませんでした。設定に誤りはありません。")
        }
    }
}
