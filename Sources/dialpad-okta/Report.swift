import ArgumentParser
import Foundation
import OktaClient
import SetupEngine
import TerminalUI
import Wizard

enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case md, json
}

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a change report for a ticket, from the journal and a fresh read of the org.",
        discussion: """
        Each step before this tool and now, every request sent with Okta's request id and time, what you \
        confirmed (marked as your word, not verified), what no API can show, and the rollbacks. Markdown \
        (--lang en or ja) or JSON (always English). Reads only. Exit status: 0 written, 1 error, 2 usage.
        """)

    @OptionGroup var options: OrgOptions
    @OptionGroup var state: StateOptions

    @Option(help: "md (Markdown, for a ticket) or json.")
    var format: ReportFormat = .md

    @Option(name: .customLong("output"), help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() async throws {
        try await options.withClient(readOnly: true, json: format == .json) { client in
            let store = state.store(for: client.org)
            let report = try await ChangeReport.read(client, store: store, appId: options.appId)
            let text: String
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                text = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
            case .md: text = Strings.for(options.language).changeReport(report, timeZone: .current)
            }
            if let output {
                try ReportFile.write(text, to: output, refusing: store.keptFiles(org: client.org))
            } else if format == .json {
                Output.standard.data(text)
            } else {
                // Markdown on a terminal is still a terminal's text: what Okta named is shown, never obeyed.
                Output.standard.text(.outsideLines(text))
            }
        }
    }
}

extension JournalStore {
    /// The journals a run keeps, which no report may replace: this one and the org's default
    /// one. Every lock (`*.lock`, the org's locks included) is refused by `ReportFile` itself.
    func keptFiles(org: OrgURL) -> [String] {
        [url.path, JournalStore.defaultURL(org: org).path]
    }
}
