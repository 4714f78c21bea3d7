import ArgumentParser
import Foundation
import TerminalUI

/// The version `--version` prints and the man page carries.
let productVersion = "0.9.0"

/// Writes the man page, dialpad-okta(1), from the command definitions themselves: each
/// command's abstract, discussion and its help (every option, as `--help` lists it), so the
/// page cannot drift from the binary. `make install` runs it.
struct GenerateManual: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-manual", abstract: "Print the man page (roff) made from the command definitions.", shouldDisplay: false)

    func run() throws {
        Output.standard.data(Self.page(date: Date()))
    }

    static func page(date: Date) -> String {
        let root = DialpadOkta.configuration
        var page = """
        .TH DIALPAD-OKTA 1 "\(date.formatted(.iso8601.year().month().day()))" "dialpad-okta \(productVersion)" "User Commands"
        .SH NAME
        dialpad-okta \\- \(escape(root.abstract))
        .SH SYNOPSIS
        .B dialpad-okta
        [\\fIcommand\\fR] [\\fIoptions\\fR]
        .SH DESCRIPTION
        Without a command, \\fBdialpad-okta\\fR opens the wizard (\\fBsetup\\fR). Each command below is shown with its help, as \\fBdialpad-okta\\fR \\fIcommand\\fR \\fB--help\\fR prints it.

        """
        page += ".SH COMMANDS\n"
        for command in root.subcommands where command.configuration.shouldDisplay {
            let name = command.configuration.commandName ?? command._commandName
            page += ".SS \(escape(name))\n\(escape(command.configuration.abstract))\n"
            page += ".PP\n.nf\n\(escape(DialpadOkta.helpMessage(for: command, columns: 78)))\n.fi\n"
        }
        page += """
        .SH EXIT STATUS
        0 every step done (or the command's work done), 3 a step not done, 1 an error, 2 a usage error.
        .SH ENVIRONMENT
        .TP
        .B OKTA_CLIENT_ORGURL, OKTA_CLIENT_TOKEN
        The org and an API token, as Okta's SDKs read them; else ~/.okta/okta.yaml.
        .TP
        .B DIALPAD_OKTA_AMBIGUOUS_WIDTH
        single or double: how the terminal draws box lines and \\(ci \\(lz; the wizard asks the terminal when unset.
        .TP
        .B NO_COLOR
        Monochrome.
        .SH FILES
        .TP
        .I $XDG_STATE_HOME/dialpad-okta/<org>.json
        The journal of every write, for resume, rollback and report.
        .SH SEE ALSO
        https://help.okta.com/

        """
        return page
    }

    /// Roff reads a leading dot or apostrophe as a request and a backslash as an escape.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\e")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") || $0.hasPrefix("'") ? "\\&" + $0 : String($0) }
            .joined(separator: "\n")
    }
}
