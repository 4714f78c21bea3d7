/// What a step of its own says (a reason, a write's purpose): a typed value with its parts
/// (Okta's names, counts), declared and worded in English and Japanese in the step's own file,
/// so a new step needs no case in the shared reason and purpose tables. Reasons and purposes
/// several steps share stay `StepReason` and `PlannedWrite.Purpose` cases, worded in the text layer.
package protocol StepWording: Sendable, Hashable {
    /// The sentence in `language`: English is also `--json`'s.
    func words(_ language: Language) -> String
}

/// A step's own wording, as a reason or a purpose carries it.
package struct OwnWording: Sendable, Equatable {
    package let wording: any StepWording
    package init(_ wording: some StepWording) { self.wording = wording }

    package static func == (lhs: OwnWording, rhs: OwnWording) -> Bool { AnyHashable(lhs.wording) == AnyHashable(rhs.wording) }
    package func words(_ language: Language) -> String { wording.words(language) }
}
