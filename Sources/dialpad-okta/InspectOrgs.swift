import ArgumentParser
import Foundation
import Logging
import OktaClient
import SetupEngine
import TerminalUI
import Wizard

/// `inspect --orgs FILE`: every org of the file read at once, within a bound, into one table
/// or one JSON document. An org that fails is a row with its error, not the end of the run;
/// the exit status is the worst of them (0 all done, 3 some not done, 1 some error).
struct OrgsInspection {
    var path: String
    var json: Bool
    var options: OrgOptions
    var state: StateOptions
    /// Orgs read at once: each read is itself concurrent (Okta allows 75 requests at a time per org).
    static let concurrentOrgs = 4

    struct Row: Encodable {
        var org: String
        var report: InspectionReport?
        var error: JSONValue?
        /// Not encoded: the error itself, for the table's words.
        var failure: (any Error)?

        enum CodingKeys: String, CodingKey { case org, report, error }
    }

    func run() async throws -> ExitCode {
        let entries: [OrgsFile.Entry]
        do { entries = try OrgsFile.load(path: path) } catch { throw ErrorPresenter.fail(error, json: json, language: options.language) }
        // Before the first request: which secret goes to which host, on stderr (stdout may be --json).
        let text = CommandLineText(language: options.language, colour: false)
        Output.standard.text(.outsideLines(Self.destinations(entries, text: text)), to: .standardError)
        for entry in entries {
            for exposure in (try? entry.configuration.get())?.exposures ?? [] { Output.standard.errorLine(text.exposure(exposure)) }
        }
        let rows = await inspectAll(entries)
        if json {
            Output.standard.data(String(decoding: try JSONEncoder.document.encode(["orgs": rows]), as: UTF8.self) + "\n")
        } else {
            Output.standard.text(.outsideLines(Self.table(rows, text: text)))
        }
        if rows.contains(where: { $0.report == nil }) { return ExitCode(Exit.error) }
        return ExitCode(rows.allSatisfy { $0.report?.complete == true } ? Exit.done : Exit.notDone)
    }

    func inspectAll(_ entries: [OrgsFile.Entry]) async -> [Row] {
        await withTaskGroup(of: (Int, Row).self) { group in
            var next = 0
            var rows = [Row?](repeating: nil, count: entries.count)
            func start() {
                guard next < entries.count else { return }
                let index = next, entry = entries[index]
                next += 1
                group.addTask { (index, await inspect(entry)) }
            }
            for _ in 0..<Self.concurrentOrgs { start() }
            for await (index, row) in group {
                rows[index] = row
                start()
            }
            return rows.compactMap { $0 }
        }
    }

    func inspect(_ entry: OrgsFile.Entry) async -> Row {
        do {
            let configuration = try entry.configuration.get()
            // Many orgs' HTTP logs would interleave on stderr: only --verbose shows them.
            var logger = Logger(label: "dialpad-okta.orgs")
            logger.logLevel = options.verbose ? .debug : .critical
            let client = OktaClient(configuration: configuration, readOnly: true, logger: logger,
                                    trustRoots: try TrustRoots.load(caFile: options.caFile))
            do {
                let report = try await Inspect.inspect(client: client, appId: nil, language: options.language,
                                                       confirmations: state.confirmations(for: client.org))
                await client.shutdown()
                return Row(org: configuration.orgURL.description, report: report)
            } catch {
                await client.shutdown()
                throw error
            }
        } catch {
            return Row(org: entry.label, error: ErrorPresenter.document(error), failure: error)
        }
    }

    /// One line per org whose credential will be sent: where it comes from and the host it goes to.
    static func destinations(_ entries: [OrgsFile.Entry], text: CommandLineText) -> String {
        let lines = entries.compactMap { entry -> String? in
            guard case .success(let configuration) = entry.configuration, let credential = entry.credential else { return nil }
            let source: String
            switch credential {
            case .variable(let name): source = name
            case .keyFile: source = text.privateKeyFile
            }
            return "  \(source) → \(configuration.orgURL.host)\(configuration.orgURL.port.map { ":\($0)" } ?? "")\n"
        }
        guard !lines.isEmpty else { return "" }
        return text.credentialsGoTo + "\n" + lines.joined()
    }

    /// One line per org: the org, the app, steps done, and what is left (or the error).
    static func table(_ rows: [Row], text: CommandLineText) -> String {
        let header = text.orgsTableHeader
        let cells = rows.map { row -> [String] in
            guard let report = row.report else {
                let message = row.failure.map { ErrorPresenter.summary($0) } ?? "error"
                return [row.org, "-", "-", "error: " + message]
            }
            let done = report.steps.filter { $0.status == .ok }.count
            let left = report.steps.filter { $0.status != .ok }.map(text.stepLeft)
            return [row.org, report.app.map { "\($0.label) (\($0.id))" } ?? text.noDialpadApp, "\(done)/\(report.steps.count)",
                    left.isEmpty ? "-" : left.joined(separator: ", ")]
        }
        let widths = (0..<3).map { column in ([header] + cells).map { $0[column].displayWidth }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            (0..<3).map { row[$0] + String(repeating: " ", count: widths[$0] - row[$0].displayWidth) }.joined(separator: "  ") + "  " + row[3]
        }
        return ([line(header)] + cells.map(line)).map { TerminalText.visible($0) }.joined(separator: "\n") + "\n"
    }
}
