import ArgumentParser
import Foundation
import OktaClient
import SetupEngine
import Wizard

enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case md, json
}

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
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
            let report = try await ChangeReport.read(client, store: state.store(for: client.org), appId: options.appId)
            let text: String
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                text = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
            case .md: text = Strings.for(options.language).changeReport(report, timeZone: .current)
            }
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } else {
                print(text, terminator: "")
            }
        }
    }
}
