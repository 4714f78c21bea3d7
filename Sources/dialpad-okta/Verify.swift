import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every user assigned to Dialpad: counts by reason, with examples. Read-only.",
        discussion: """
        Reads the app's users a page of 500 at a time with their Okta profiles (a progress line on a terminal, \
        nothing on a pipe). Exit status: 0 every user with a number in Dialpad has it in Okta, 3 not, 1 error, 2 usage.
        """)

    @OptionGroup var options: OrgOptions

    @Flag(name: .customLong("json"), help: "Print the counts as JSON: checked, counts by reason with examples, requests, seconds.")
    var json = false

    func run() async throws {
        let showsProgress = !json && isatty(STDERR_FILENO) == 1
        let (verification, app) = try await options.withClient(readOnly: true, json: json) { client in
            let observation = try await Observer(client: client).observe(appId: options.appId)
            let started = Date()
            let result = try await Verification.run(client, observation: observation) { checked in
                guard showsProgress else { return }
                let rate = Double(checked) / max(0.001, Date().timeIntervalSince(started))
                FileHandle.standardError.write(Data("\r\u{1B}[2Kchecked \(checked) users (\(Int(rate.rounded())) per second)".utf8))
            }
            if showsProgress { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            return (result, observation.app?.displayName ?? "Dialpad")
        }
        if json {
            print(String(decoding: try JSONEncoder.okta.encode(verification), as: UTF8.self))
        } else {
            let text = UserCheckText(language: options.language, app: app)
            let lines = [text.verified(verification), ""] + text.counts(verification)
            print(TerminalText.visible(lines.joined(separator: "\n"), keepingNewlines: true))
        }
        throw ExitCode(verification.complete ? Exit.done : Exit.notDone)
    }
}
