import OktaClient

/// Whether the credential's admin may make the writes a run plans (docs/REAL-ORGS.md R8);
/// each step names its roles. Kept apart from the simulator's own table on purpose: the two
/// meet only on the wire.
public enum AdminRoleRequirement {
    public static func rolesAllowed(for step: StepID) -> [String] {
        step.definition.writable?.rolesAllowed ?? []
    }

    /// The steps this run may write: those that differ now, and those that wait only on
    /// writes this run makes (PUSH and the override wait on the Admin Console until the app
    /// sources users).
    static func stepsThisRunMayWrite(_ reports: [StepReport], app: OktaApp, selected: (StepID) -> Bool) -> [StepID] {
        reports.filter { report in
            guard report.id.hasPublicAPI, selected(report.id) else { return false }
            switch report.status {
            case .missing, .differs: return true
            case .blocked: return app.isProfileSource || report.id.definition.writable?.needsProfileSourcing != true
            case .ok, .conflict, .manual: return false
            }
        }.map(\.id)
    }

    /// The first step whose write none of `roles` may make, with the roles that could.
    /// Custom roles (`CUSTOM`) carry permissions this check cannot see: then nothing is refused.
    static func firstForbidden(_ steps: [StepID], roles: [String]) -> (step: StepID, needs: [String])? {
        guard !roles.contains("CUSTOM") else { return nil }
        for step in steps {
            let allowed = rolesAllowed(for: step)
            if !allowed.isEmpty && Set(allowed).isDisjoint(with: roles) { return (step, allowed) }
        }
        return nil
    }
}

extension OktaClient {
    /// The role types of who writes, or nil when they cannot be read (a 403/404): an API
    /// token's admin (`GET /api/v1/users/me`, then its roles), or a service app's own
    /// (`GET /oauth2/v1/clients/{clientId}/roles`, read only when `okta.roles.read` is among the
    /// scopes requested: Okta drops an ungranted scope and the run would refuse the token).
    public func adminRoleTypes() async throws -> [String]? {
        struct Me: Decodable { var id: String }
        struct Role: Decodable { var type: String? }
        if usesOAuth {
            guard let clientId = oauthClientId, oauthScopes?.contains("okta.roles.read") == true else { return nil }
            do {
                return try await get([Role].self, "/oauth2/v1/clients/\(Self.pathSegment(clientId))/roles").compactMap(\.type)
            } catch let error as OktaError where [403, 404].contains(error.httpStatus ?? 0) {
                return nil
            }
        }
        do {
            let me = try await get(Me.self, "/api/v1/users/me")
            let roles = try await get([Role].self, "/api/v1/users/\(Self.pathSegment(me.id))/roles")
            return roles.compactMap(\.type)
        } catch let error as OktaError where [403, 404].contains(error.httpStatus ?? 0) {
            return nil
        }
    }
}
