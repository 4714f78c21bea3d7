/// A command line a command refuses before it reads or writes anything: a usage error of
/// ours (exit 2), worded by `ErrorText` in the admin's language, as the parser's own are not.
public struct CommandLineRefusal: Error, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
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
    }

    public let reason: Reason
    public init(_ reason: Reason) { self.reason = reason }
}
