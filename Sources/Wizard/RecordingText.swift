import Foundation
import SetupEngine

/// What became of `--record FILE` once the wizard has given the terminal back (issue 24).
package enum BundleAtExit: Sendable, Equatable {
    /// The session's exchanges with the org are in the bundle at `path`.
    case written(path: String)
    /// No bundle at `path`: the session read nothing from an org, or the file could not be written.
    case notWritten(path: String)
}

/// The wizard's words on a support bundle it records: the header's marker, plain mode's line,
/// the exit's lines and the help's paragraph, in both languages side by side.
extension Strings {
    /// Beside the header's clock while the session records (a dot, as a recorder shows one).
    var recordingMarker: String { t("● REC", "● 記録中") }

    /// Plain mode has no header: it says once that the session records, and where.
    func recordingLine(_ path: String) -> String {
        t("Recording a support bundle in \(path). Check it before sending it: \(bundleCheckCommand(path))",
          "サポートバンドルを \(path) に記録しています。送付する前に確認してください：\(bundleCheckCommand(path))")
    }

    /// What the command line prints about the bundle after the wizard's last screen.
    package func bundleExitLines(_ outcome: BundleAtExit) -> [String] {
        switch outcome {
        case .written(let path):
            return [t("Support bundle: \(path) (the org's answers, without tokens, personal values or the org's host).",
                      "サポートバンドル：\(path)（組織の応答。トークン、個人の値、組織のホスト名は含みません）。"),
                    t("Before sending it with a support request, check it: \(bundleCheckCommand(path))",
                      "サポート依頼に添付する前に確認してください：\(bundleCheckCommand(path))")]
        case .notWritten(let path):
            return [t("No support bundle was written to \(path): the session read nothing from an org, or the file could not be written.",
                      "サポートバンドルは \(path) に書き込まれていません。組織から何も読み取らなかったか、ファイルに書き込めませんでした。")]
        }
    }

    /// The help's paragraph on sending a bundle with a support request: how to make one, what
    /// it holds, what it never holds, and how to check it.
    var bundleHelpLines: [String] {
        [t("Support bundle: add --record FILE to dialpad-okta (the wizard or any command) and it writes the org's answers to FILE, to send with a support request.",
           "サポートバンドル：dialpad-okta（ウィザードまたは任意のコマンド）に --record FILE を付けると、組織の応答を FILE に書き出します。サポート依頼に添付してください。"),
         t("It holds the requests and the fields this tool reads (apps, user types, schemas, mappings, users), with logins, emails, names and numbers replaced by fakes. It never holds a token, key or cookie, nor the org's host.",
           "含まれるもの：このツールが読むリクエストと項目（アプリ、ユーザータイプ、スキーマ、マッピング、ユーザー）。ログイン・メール・氏名・番号は架空の値に置き換えます。トークン、鍵、Cookie、組織のホスト名は含みません。"),
         t("Before sending it, run dialpad-okta bundle check FILE: it says what the bundle holds and that nothing of the above is left.",
           "送付する前に dialpad-okta bundle check FILE を実行してください。バンドルの内容と、上記のものが残っていないことを表示します。")]
    }

    func bundleCheckCommand(_ path: String) -> String { "dialpad-okta bundle check " + ShellWord.quoted(path) }
}
