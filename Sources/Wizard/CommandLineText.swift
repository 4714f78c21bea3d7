import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// The command line's human output in the admin's language: the same words the wizard uses
/// (step titles, states, explanations, facts, progress, errors), as lines. `--json` never
/// comes here: it stays in one stable language.
package struct CommandLineText: Sendable {
    package let strings: Strings
    let colour: Bool

    package init(language: Language, colour: Bool) {
        strings = Strings.for(language)
        self.colour = colour
    }

    func paint(_ text: Prose, _ code: Int) -> Prose { colour ? text.styled(Self.style(code)) : text }
    func bold(_ text: Prose) -> Prose { paint(text, 1) }

    /// The ANSI codes the command line has always used, as styles: only the writer makes bytes of them.
    package static func style(_ code: Int) -> Style {
        switch code {
        case 1: return .bold
        case 2: return .dim
        case 31: return .fg(.red)
        case 32: return .fg(.green)
        case 33: return .fg(.yellow)
        case 36: return .fg(.cyan)
        default: return .plain
        }
    }

    /// The admin roles Okta accepts for a write, from its spec (docs/REAL-ORGS.md R28): shown
    /// before anything is sent, since a run cannot read the admin's own roles.
    package func roles(_ write: PlannedWrite) -> String { strings.rolesLine(write.rolesAccepted) }

    /// A run that would write, with no terminal to ask on and no `--yes`: nothing was sent.
    package func notAskedWithoutTerminal(command: String) -> String {
        strings.t("Nothing was sent: \(command) asks before it writes, and there is no terminal to ask on. Run it on a terminal, or pass --yes to send the plan above.",
                  "何も送信していません。\(command) は書き込む前に確認しますが、確認できる端末がありません。端末で実行するか、上の計画を送るには --yes を付けてください。")
    }

    package var nothingToWrite: String { strings.t("Nothing to write.", "書き込むものはありません。") }
    package var nothingChanged: String { strings.t("Nothing changed.", "何も変更していません。") }
    package var noWriteNeeded: String { strings.t("No write was needed.", "書き込みは不要でした。") }
    package func journal(_ path: String) -> String { strings.journalAt(path) }


    /// What a rollback puts back for one step, before it is sent (with `--yes` too).
    package func restoration(_ restoration: Restoration) -> String {
        strings.labelled(strings.stepTitle(restoration.step), restoration.words(strings.language))
    }

    /// `rollback`'s last line.
    package func rolledBack(_ count: Int) -> String {
        count == 0 ? strings.t("Nothing to roll back.", "ロールバックするものはありません。")
            : strings.t("Rolled back \(count) write\(count == 1 ? "" : "s").", "\(count) 件の書き込みをロールバックしました。")
    }

}
