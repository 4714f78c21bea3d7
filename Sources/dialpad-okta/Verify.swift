import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
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
        let (verification, app) = try await options.withClient(readOnly: true, scopes: OAuthScopes.verify, json: json) { client in
            let observation = try await Observer(client: client).observe(appId: options.appId)
            let started = Date()
            let result = try await Verification.run(client, observation: observation) { checked in
                guard showsProgress else { return }
                let rate = Double(checked) / max(0.001, Date().timeIntervalSince(started))
                Output.standard.status(.ours(CommandLineText(language: options.language, colour: false).checkedUsers(checked, perSecond: Int(rate.rounded()))))
            }
            if showsProgress { Output.standard.endStatus() }
            return (result, observation.app?.displayName ?? "Dialpad")
        }
        if json {
            Output.standard.data(String(decoding: try JSONEncoder.okta.encode(verification), as: UTF8.self) + "\n")
        } else {
            let text = UserCheckText(language: options.language, app: app)
            let lines = [text.verified(verification), ""] + text.counts(verification)
            Output.standard.line(.outsideLines(lines.joined(separator: "\n")))
        }
        throw ExitCode(verification.complete ? Exit.done : Exit.notDone)
    }
}
