import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine

struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue a half-finished setup from its journal; the live org decides what is left.",
        discussion: "Exit status: 0 every step done, 3 stopped at a step that needs the Admin Console, 1 error, 2 usage.")

    @OptionGroup var options: OrgOptions

    @OptionGroup var state: StateOptions

    func run() async throws {
        try await options.withClient(readOnly: false) { client in
            let store = state.store(for: client.org)
            var executor = Executor(client: client, store: store)
            executor.progress = ProgressPrinter(quiet: false, language: options.language).callAsFunction
            let result = try await executor.resume()
            throw result.printReport(client, journal: store.url, language: options.language)
        }
    }
}
