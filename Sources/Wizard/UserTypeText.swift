import SetupEngine
import TerminalUI

/// The words for custom user types set up beside the default one (`--user-type`, R30).
extension Strings {
    /// A type as every line names it: its name from Okta, then its id (names need not be unique).
    package func userType(name: String, id: String) -> String {
        name == id ? id : t("\(name) (\(id))", "\(name)（\(id)）")
    }
}

extension CommandLineText {
    /// The heading of a type's own steps in a report.
    func userTypeHeading(_ name: String, id: String) -> Prose {
        "\(ours: strings.t("User type ", "ユーザータイプ "))\(name)\(ours: strings.t(" (", "（"))\(code: id)\(ours: strings.t(")", "）"))"
    }

    /// apply without `--user-type` after one with it: the journal's types are set up as well.
    /// The ids come from the journal, a file anyone may edit: shown as outside text.
    package func carriesUserTypes(_ ids: [String]) -> Prose {
        let list = ids.joined(separator: strings.t(", ", "、"))
        return strings.language == .ja
            ? "\(ours: "このジャーナルでは以前にユーザータイプ ")\(list)\(ours: " を設定しています。この apply はそれらも続けて設定します（既定のタイプと同じ計画に入ります）。")"
            : "\(ours: "The journal set up user types ")\(list)\(ours: " earlier: this apply carries them on too (their steps are planned with the default type's).")"
    }
}

extension CommandLineText {
    /// A run's progress for a custom user type's write: the default type's words, then the type.
    package func progress(_ progress: ApplyProgress, userType: UserTypeLabel?) -> String {
        guard let userType else { return self.progress(progress) }
        let named = strings.userType(name: userType.name, id: userType.id)
        return self.progress(progress) + strings.t(" (user type \(named))", "（ユーザータイプ \(named)）")
    }
}

extension CommandLineText {
    /// rollback: the journal's types the org does not have keep their entries; the rest is undone.
    /// The ids come from the journal: shown as outside text.
    package func typesLeftAlone(_ ids: [String]) -> Prose {
        let list = ids.joined(separator: strings.t(", ", "、"))
        return strings.language == .ja
            ? "\(ours: "ジャーナルにあるユーザータイプ ")\(list)\(ours: " はこの組織にありません（Okta で削除されたか、ジャーナルが編集されました）。そのタイプの書き込みはそのままにし、ほかを元に戻します。")"
            : "\(ours: "The journal names user types the org does not have: ")\(list)\(ours: " (deleted in Okta, or the journal was edited). Their writes are left as they are; the rest is rolled back.")"
    }
}
