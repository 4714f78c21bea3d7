import Foundation
import OktaClient

// The engine's errors: each a value with its parts and no words; the front end's error text
// (`ErrorText`, Wizard) words every one of them in each language.

/// Something changed in the org between the plan and the write (another admin, say).
package struct ConcurrentChangeError: Error, Sendable, CustomStringConvertible {
    package let step: StepID
    package let planned: JSONValue
    package let found: JSONValue
    package var description: String { "concurrent-change \(step.rawValue)" }
}

/// A step's precondition (say, Dialpad sourcing users before PUSH) no longer holds in the org.
package struct PreconditionChangedError: Error, Sendable, CustomStringConvertible {
    package let step: StepID
    /// The planner's account of why the step is not ready, as data.
    package let why: StepReason?
    package var description: String { "precondition-changed \(step.rawValue)" }
}

/// Okta answered a write with success but never showed the change when read back.
package struct UnverifiedWriteError: Error, Sendable, CustomStringConvertible {
    package let step: StepID
    package var description: String { "unverified-write \(step.rawValue)" }
}

/// A write whose outcome Okta never settled (a dropped connection, a 5xx, a failed read-back):
/// it stays an intent in the journal, which resume and rollback settle against the live org.
/// `cause` is the error as it was thrown.
package struct UnsettledWrite: Error, Sendable, CustomStringConvertible {
    package let step: StepID
    package let cause: any Error & Sendable
    package var description: String { "unsettled-write \(step.rawValue): \(cause)" }
}

/// `confirm` cannot record the admin's word for a step the API cannot show.
package struct ConfirmationRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Reason: Sendable, Equatable {
        case noAppToConfirm
        case notProfileSourceYet(app: String)
        /// Nothing else the API lists sources Okta users, and the admin has not said one it
        /// cannot list ranks above the app: "the lowest profile source" cannot hold (R31).
        case onlyProfileSource(app: String)
        /// A word on an action the org shows (Apply updates now), given before the org shows it:
        /// the wizard offers that tick only once it does, and the command line keeps one rule.
        case notShownByOrgYet(step: StepID, choice: Confirmation.Choice)
    }
    package let reason: Reason
    package init(_ reason: Reason) { self.reason = reason }
    package var description: String { "confirmation-refused \(reason)" }
}

/// The org cannot be brought to the procedure's end state by this tool, so apply writes
/// nothing at all rather than leave a half-configured org behind.
package struct ApplyRefusal: Error, Sendable, CustomStringConvertible {
    /// Why the org cannot be finished, for a front end to word in its own language.
    package enum Reason: Sendable, Equatable {
        case noDialpadApp
        case notProvisioningApp(app: String, appId: String, signOnMode: String?)
    }

    package let reason: Reason
    package init(_ reason: Reason) { self.reason = reason }
    package var description: String { "apply-refused \(reason)" }
}
