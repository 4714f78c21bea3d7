import Foundation
import OktaClient
import SetupEngine

/// What a rollback found and did, as the admin reads it: a step left alone because it changed
/// since this tool wrote it (with what this tool wrote, to restore by hand), a write that is
/// not in the org (nothing to undo), and a write already in flight (issue 23, N3, N5, N8).

/// A rollback that did not send a restore for every entry it was given: what it undid, what
/// it found not in the org, and what it left alone.
package struct RollbackSummary: Sendable, Equatable {
    package let rolledBack: [StepID]
    package let requests: Int
    /// What this tool wrote is not in the org (Okta never applied it, or it was undone): no request.
    package let notInOrg: [StepID]
    /// Changed since this tool wrote it, or a step left alone rests on it: not undone.
    package let leftAlone: [StepID]

    package init(rolledBack: [StepID], requests: Int, notInOrg: [StepID], leftAlone: [StepID]) {
        self.rolledBack = rolledBack
        self.requests = requests
        self.notInOrg = notInOrg
        self.leftAlone = leftAlone
    }
}

extension Strings {
    /// A value this tool wrote, in words: text as it is (quoted), yes/no, a list or a set of
    /// named parts, never JSON.
    func writtenValue(_ value: JSONValue?) -> String {
        guard let value, value != .null else { return t("none", "なし") }
        switch value {
        case .string(let text): return t("“\(text)”", "「\(text)」")
        case .bool(let flag): return flag ? t("yes", "はい") : t("no", "いいえ")
        case .array(let items): return items.isEmpty ? t("none", "なし") : items.map { writtenValue($0) }.joined(separator: t("; ", "；"))
        case .object(let fields):
            return fields.keys.sorted().map { t("\($0) ", "\($0)：") + writtenValue(fields[$0]).trimmingCharacters(in: CharacterSet(charactersIn: "“”「」")) }
                .joined(separator: t(", ", "、"))
        default: return value.displayText
        }
    }

    /// The changed fields as this tool wrote them: what the admin puts back in the Admin Console.
    func wroteFields(_ fields: [WrittenField]) -> String {
        fields.map { t("\(fieldName($0.name)) \(writtenValue($0.value))", "\(fieldName($0.name))＝\(writtenValue($0.value))") }
            .joined(separator: t("; ", "、"))
    }

    /// The refusal's hint: restore the step in the Admin Console, to these values.
    func restoreByHand(_ wrote: [WrittenField]) -> String {
        guard !wrote.isEmpty else { return t("Restore it in the Admin Console if needed.", "必要であれば管理コンソールで元に戻してください。") }
        return t("To restore it, set in the Admin Console what this tool wrote: \(wroteFields(wrote)).",
                 "戻す場合は、管理コンソールでこのツールが書き込んだ値に設定してください：\(wroteFields(wrote))。")
    }

    /// One line of the rollback dialog: the restore, or why this entry sends nothing.
    package func rollbackLine(_ entry: Journal.Entry, _ finding: RollbackFinding) -> String {
        switch finding {
        case .toUndo:
            return restore(entry)
        case .asFound:
            return t("\(stepTitle(entry.step)): nothing to undo, not in the org", "\(stepTitle(entry.step))：組織にないため、戻すものはありません")
        case .changed(let change, let wrote):
            let values = wrote.isEmpty ? "" : t(" This tool wrote: \(wroteFields(wrote)).", "このツールが書き込んだ値：\(wroteFields(wrote))。")
            return t("\(stepTitle(entry.step)): left alone (changed since this tool wrote it: \(changeSinceApplied(change))).\(values)",
                     "\(stepTitle(entry.step))：変更しません（このツールが書き込んだ後に変更されています。\(changeSinceApplied(change))）\(values)")
        case .underLeftAlone(let top):
            return t("\(stepTitle(entry.step)): left alone (\(stepTitle(top)) rests on it and is left alone)",
                     "\(stepTitle(entry.step))：変更しません（これに依存する \(stepTitle(top)) を変更しないため）")
        }
    }

    /// After a rollback that left something alone or found something not in the org.
    package func rollbackSummary(_ summary: RollbackSummary) -> String {
        var parts: [String] = []
        if !summary.rolledBack.isEmpty {
            parts.append(t("Rolled back \(stepList(summary.rolledBack)) (\(requests(summary.requests))).",
                           "\(stepList(summary.rolledBack)) をロールバックしました（\(requests(summary.requests))）。"))
        }
        if !summary.notInOrg.isEmpty {
            parts.append(t("Nothing to undo for \(stepList(summary.notInOrg)): not in the org.",
                           "\(stepList(summary.notInOrg))：組織にないため、戻すものはありませんでした。"))
        }
        if !summary.leftAlone.isEmpty { parts.append(leftAloneSentence(summary.leftAlone)) }
        return (summary.leftAlone.isEmpty ? "✓ " : "") + parts.joined(separator: t(" ", ""))
    }

    /// `b` with nothing left to undo but steps changed since this tool wrote them.
    func nothingLeftToRollBack(_ leftAlone: [StepID]) -> String {
        t("Nothing left to roll back. ", "ロールバックできるものは残っていません。") + leftAloneSentence(leftAlone)
    }

    private func leftAloneSentence(_ steps: [StepID]) -> String {
        t("Left alone, as changed since this tool wrote it (or resting under such a step): \(stepList(steps)); restore \(steps.count == 1 ? "it" : "them") in the Admin Console if needed.",
          "このツールが書き込んだ後に変更されているため（またはそのステップの土台のため）変更していません：\(stepList(steps))。必要であれば管理コンソールで戻してください。")
    }

    /// a, A or b while a write waits for its answer or read-back.
    func writeInProgress(_ key: String) -> String {
        t("\(key): a write is in progress; wait until Okta answers it and shows it in reads (the status line counts the time).",
          "\(key)：書き込み中です。Okta が応答し、読み取りに反映されるまでお待ちください（経過時間はステータス行に表示しています）。")
    }
}

extension Strings {
    /// An error's hint as the wizard's dialog gives it, when the command line's names a command:
    /// the wizard's next step is on its status line, so the dialog names none (N5). nil: the
    /// command line's hint stands.
    func hintInTheWizard(_ error: any Error) -> String? {
        switch error {
        case is UnverifiedWriteError, is UnsettledWrite:
            return t("Nothing is lost: the journal keeps this write as not confirmed, and whatever runs next reads the org first.",
                     "失われたものはありません。ジャーナルにはこの書き込みが未確定として残っています。次に実行するものは先に組織を読みます。")
        default:
            return nil
        }
    }
}
