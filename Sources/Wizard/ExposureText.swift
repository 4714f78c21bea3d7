import OktaClient
import TerminalUI

/// A file holding a credential that others may read (`Exposure`), said on stderr before the
/// first request, as the Okta SDKs warn: worded here in each language, the file's name an
/// outside part (it comes from the environment or a flag).
extension CommandLineText {
    package func exposure(_ exposure: Exposure) -> Prose {
        let lead = Prose.ours(warningLead)
        switch (exposure, strings.language) {
        case (.readableConfigurationFile(let label, let key, let mode), .en):
            return lead + "\(label) holds \(ours: key ? "a private key" : "an API token") and other users may read it (mode \(ours: String(mode, radix: 8))): chmod 600 \(label)."
        case (.readableConfigurationFile(let label, let key, let mode), .ja):
            return lead + "\(label) には\(ours: key ? "秘密鍵" : " API トークン")が含まれ、他のユーザーが読み取れます（モード \(ours: String(mode, radix: 8))）。chmod 600 \(label) を実行してください。"
        case (.readableKeyFile(let source, let mode), .en):
            return lead + "The private key file named by \(source) can be read by other users (mode \(ours: String(mode, radix: 8))): chmod 600 it."
        case (.readableKeyFile(let source, let mode), .ja):
            return lead + "\(source) が指す秘密鍵ファイルは他のユーザーが読み取れます（モード \(ours: String(mode, radix: 8))）。chmod 600 で権限を変更してください。"
        }
    }
}
