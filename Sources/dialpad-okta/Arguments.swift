import ArgumentParser
import Foundation
import SetupEngine

// The command line's choices are the engine's own enums: the parser rejects anything else
// with the list of valid values, and the commands never re-parse strings.

extension Phase: ExpressibleByArgument {}
extension StepID: ExpressibleByArgument {}
extension Confirmation.Choice: ExpressibleByArgument {}

extension Language: ExpressibleByArgument {
    /// `ja`, `JA` and `Ja` alike, as locales spell it either way.
    package init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// How the terminal draws ambiguous-width glyphs: asked of the terminal, or said by the admin.
enum AmbiguousWidthChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, single, double
}

/// What the wizard's screen needs to know about the terminal that it cannot always ask.
struct DisplayOptions: ParsableArguments {
    @Option(name: .customLong("ambiguous-width"),
            help: "How the terminal draws box lines and ○ ◆ … →: single, double (two columns wide, a common setting in Japan: the wizard then draws them in ASCII), or auto (ask the terminal; also DIALPAD_OKTA_AMBIGUOUS_WIDTH).")
    var ambiguousWidth: AmbiguousWidthChoice?

    @Flag(name: .customLong("plain"), help: "The wizard as numbered lines and prompts, answered line by line on standard input (a screen reader, a log, a pipe); the default when TERM=dumb.")
    var plainFlag = false

    /// Plain lines when asked, or when the terminal cannot move a cursor.
    var plain: Bool { plainFlag || ProcessInfo.processInfo.environment["TERM"] == "dumb" }

    @Flag(name: .customLong("yes"), help: "Plain mode: let answers that do not come from a terminal (a file, a pipe) send the writes they approve. Without it, Send and Roll back need a person at a terminal.")
    var answersApprove = false

    var choice: AmbiguousWidthChoice {
        ambiguousWidth ?? ProcessInfo.processInfo.environment["DIALPAD_OKTA_AMBIGUOUS_WIDTH"].flatMap(AmbiguousWidthChoice.init(rawValue:)) ?? .auto
    }
}
