import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct CheckUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-user",
        abstract: "Show for one user whether the Okta profile holds the number Dialpad has, and the one reason why not. Read-only.",
        discussion: """
        The procedure's last step: open a user and see the number. Exit status: 0 the Okta profile holds the \
        app user's number, 3 it does not (or the user is not assigned to Dialpad), 1 error, 2 usage.
        """)

    @Argument(help: "The user's login (user@example.com) or id (00u…).")
    var user: String

    @OptionGroup var options: OrgOptions

    @Flag(name: .customLong("json"), help: "Print the check as JSON: the values read and a stable reason code.")
    var json = false

    /// Checked at the start of `run`, not in `validate`: the parser would word it in English only.
    func refuseBadUsage() throws {
        // An empty login would become GET /api/v1/users/, a listing, not a user.
        guard !user.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CommandLineRefusal(.emptyLogin)
        }
    }

    func run() async throws {
        try refuseBadUsage()
        let check = try await options.withClient(readOnly: true, scopes: OAuthScopes.checkUser, json: json) { client in
            let observation = try await Observer(client: client).observe(appId: options.appId)
            let (user, appUser) = try await client.checkUser(self.user, in: observation)
            return (UserCheck.judge(observation, user: user, appUser: appUser), observation.app?.displayName ?? "Dialpad")
        }
        if json {
            Output.standard.data(String(decoding: try JSONEncoder.okta.encode(check.0), as: UTF8.self) + "\n")
        } else {
            Output.standard.line(.outsideLines(UserCheckText(language: options.language, app: check.1).render(check.0)))
        }
        throw ExitCode(check.0.holdsNumber ? Exit.done : Exit.notDone)
    }
}
