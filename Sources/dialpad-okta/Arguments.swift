import ArgumentParser
import SetupEngine

// The command line's choices are the engine's own enums: the parser rejects anything else
// with the list of valid values, and the commands never re-parse strings.

extension Phase: ExpressibleByArgument {}
extension StepID: ExpressibleByArgument {}
extension Confirmation.Choice: ExpressibleByArgument {}

extension Language: ExpressibleByArgument {
    /// `ja`, `JA` and `Ja` alike, as locales spell it either way.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
