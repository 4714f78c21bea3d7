import OktaClient
import OktaSpec

/// Which admin roles Okta accepts for each write of a run, from Okta's published spec
/// (`x-okta-iam-admin-roles`, generated into `OktaOperations`: docs/REAL-ORGS.md R8, R28).
/// Nothing is refused up front: listing an admin's roles answers 403 to all but Super
/// Administrators (terraform-provider-okta PRs #181, #1372), so a run cannot know them and
/// goes on to Okta's own answer; the plan shows each write's roles before anything is sent.
package enum AdminRoleRequirement {
    /// The roles Okta accepts for the step's write (Super Administrator first, then the spec's);
    /// empty when the step writes nothing or the spec names no roles for its operation.
    package static func rolesAllowed(for step: StepID) -> [String] {
        step.definition.writable?.rolesAllowed ?? []
    }
}

extension WrittenResource {
    /// The spec's operation that writes the resource.
    package var writeOperation: OktaOperation {
        let id = kind.writeOperationId
        // The generated table holds every operation the product calls (OperationTableTests).
        guard let operation = OktaOperations.named(id) else { preconditionFailure("\(id) is missing from OktaOperations.all") }
        return operation
    }
}

extension WritableStep {
    /// The admin roles Okta accepts for this write: from the spec's operation, never a list kept here.
    package var rolesAllowed: [String] { resource.writeOperation.rolesAccepted ?? [] }
}

/// Okta refused one of the run's writes for the admin's role (403 E0000006, no scope
/// challenge). Says which roles the spec lets make the write, how many of the run's writes
/// landed before it, and the exact command that undoes them; nothing is rolled back by itself.
package struct RoleRefusedWrite: Error, Sendable, Equatable, CustomStringConvertible {
    package let step: StepID
    /// The roles Okta's spec accepts for the write, Super Administrator first; empty when the
    /// spec names none.
    package let rolesAccepted: [String]
    /// The writes of this run Okta applied before it refused this one, in the run's order.
    package let landed: [StepID]
    /// The credential is an OAuth service app (its own roles), not an API token's admin.
    package let serviceApp: Bool
    /// `dialpad-okta rollback --all --yes …` for this org and journal; nil when nothing landed.
    package let rollbackCommand: String?
    /// Okta's X-Okta-Request-Id of the refusal.
    package let requestId: String?

    package init(step: StepID, rolesAccepted: [String], landed: [StepID], serviceApp: Bool, rollbackCommand: String?, requestId: String?) {
        self.step = step
        self.rolesAccepted = rolesAccepted
        self.landed = landed
        self.serviceApp = serviceApp
        self.rollbackCommand = rollbackCommand
        self.requestId = requestId
    }

    /// A write's error as the admin should read it: a role refusal named as one, anything else as it is.
    static func explaining(_ error: any Error, step: StepID?, landed: [Journal.Entry], org: String, journal: String,
                           serviceApp: Bool) -> any Error {
        guard let step, let okta = error as? OktaError, okta.httpStatus == 403, okta.errorCode == "E0000006" else { return error }
        // A 403 whose challenge names a missing scope is the token's scopes, not the admin's role.
        if case .missingScope = okta.problem { return error }
        let deletes = landed.contains { $0.before == .null && $0.step.definition.writable?.addsAttribute == true }
        let command = landed.isEmpty ? nil : (["dialpad-okta", "rollback", "--all", "--yes"] + (deletes ? ["--delete-attribute-data"] : [])
            + ["--org", org, "--state-file", journal]).map(ShellWord.quoted).joined(separator: " ")
        return RoleRefusedWrite(step: step, rolesAccepted: AdminRoleRequirement.rolesAllowed(for: step), landed: landed.map(\.step),
                                serviceApp: serviceApp, rollbackCommand: command, requestId: okta.requestId)
    }

    package var description: String { "role-refused \(step.rawValue) \(rolesAccepted)" }
}

extension PlannedWrite {
    /// The admin roles Okta accepts for this request, from its spec (Super Administrator
    /// first); empty when the spec names none. The plan shows them before anything is sent.
    package var rolesAccepted: [String] { OktaOperations.rolesAccepted(method: method, path: path) ?? [] }
}
