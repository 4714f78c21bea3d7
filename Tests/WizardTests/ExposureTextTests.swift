import OktaClient
import SetupEngine
import Testing
@testable import TerminalUI
@testable import Wizard

/// A credential file others may read is said in the admin's language, like every other
/// message (issue 26 §2): the engine hands the text layer a typed `Exposure`, never English.
@Suite struct ExposureTextTests {
    static let all: [Exposure] = [
        .readableConfigurationFile(label: "~/.okta/okta.yaml", key: false, mode: 0o644),
        .readableConfigurationFile(label: "./okta.yaml", key: true, mode: 0o640),
        .readableKeyFile(source: "OKTA_CLIENT_PRIVATEKEY", mode: 0o604),
    ]

    @Test("English keeps the line it always printed", arguments: all)
    func englishUnchanged(_ exposure: Exposure) {
        let expected: String
        switch exposure {
        case .readableConfigurationFile(let label, let key, let mode):
            expected = "warning: \(label) holds \(key ? "a private key" : "an API token") and other users may read it (mode \(String(mode, radix: 8))): chmod 600 \(label)."
        case .readableKeyFile(let source, let mode):
            expected = "warning: The private key file named by \(source) can be read by other users (mode \(String(mode, radix: 8))): chmod 600 it."
        }
        #expect(CommandLineText(language: .en, colour: false).exposure(exposure).description == expected)
    }

    @Test("Japanese words every exposure, with the file and its mode as parts", arguments: all)
    func japanese(_ exposure: Exposure) {
        let line = CommandLineText(language: .ja, colour: false).exposure(exposure)
        let text = line.description
        #expect(text.hasPrefix("警告："))
        #expect(!text.contains("other users"), "no English left: \(text)")
        switch exposure {
        case .readableConfigurationFile(let label, _, let mode):
            #expect(line.segments.contains { $0.text == label && $0.origin == .outside }, "the file's name is an outside part")
            #expect(text.contains("モード \(String(mode, radix: 8))") && text.contains("chmod 600 \(label)"))
        case .readableKeyFile(let source, let mode):
            #expect(line.segments.contains { $0.text == source && $0.origin == .outside })
            #expect(text.contains("モード \(String(mode, radix: 8))"))
        }
    }
}
