/// A command line a command refuses before it reads or writes anything: a usage error of
/// ours (exit 2), worded by `ErrorText` in the admin's language, as the parser's own are not.
package struct CommandLineRefusal: Error, Sendable, Equatable {
    package enum Reason: Sendable, Equatable {
        /// check-user was given an empty login.
        case emptyLogin
        /// confirm records the admin's word: it wants `--yes`.
        case confirmNeedsYes
        /// apply without `--yes` where no terminal can show the plan and take the answer.
        case applyNeedsYesWithoutATerminal
        /// rollback wants exactly one of `--step` and `--all`.
        case rollbackStepOrAll
        /// rollback changes the org: it wants `--yes`.
        case rollbackNeedsYes
        /// demo or simulator was given a seed that is neither a shipped one nor a `.json` file.
        case unknownSeed(seed: String, available: [String])
    }

    package let reason: Reason
    package init(_ reason: Reason) { self.reason = reason }
}
