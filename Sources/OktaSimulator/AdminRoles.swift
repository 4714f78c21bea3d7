import Foundation
import OktaSpec

/// The admin behind the simulator's API token, and what Okta lets each admin role do
/// (docs/REAL-ORGS.md R8, R28): the roles come from the spec's `x-okta-iam-admin-roles`
/// (`OktaOperations`, generated from the spec), never from a table kept here.
package enum AdminRoleRules {
    /// Okta's standard role types.
    package static let knownRoles: Set<String> = [
        "SUPER_ADMIN", "ORG_ADMIN", "APP_ADMIN", "USER_ADMIN", "HELP_DESK_ADMIN", "READ_ONLY_ADMIN", "MOBILE_ADMIN",
        "API_ACCESS_MANAGEMENT_ADMIN", "REPORT_ADMIN", "GROUP_MEMBERSHIP_ADMIN",
    ]

    /// The roles that may make a write, or nil for a request no role restricts here: a write
    /// the spec names no roles for, and every read (the spec's lists for reads leave out roles
    /// that read in practice, READ_ONLY_ADMIN on getUserSchema among them, so they are not
    /// enforced).
    static func rolesAllowed(method: String, path: String) -> Set<String>? {
        guard method != "GET" else { return nil }
        return OktaOperations.rolesAccepted(method: method, path: path).map(Set.init)
    }

    /// Listing role assignments (listAssignedRolesForUser, listRolesForClient) answers 403 to
    /// all but Super Administrators in practice (terraform-provider-okta PRs #181, #1372).
    static func checkMayListRoles(_ callerRoles: [String]) throws {
        guard callerRoles.contains(OktaOperations.superAdmin) else {
            throw APIError(status: 403, code: "E0000006", summary: "You do not have permission to perform the requested action")
        }
    }
}

extension OrgStore {
    static let adminUserId = IDs.make("00u", "admin:simulator")

    func adminUserJSON() -> JSON {
        let login = "admin@example.com"
        return [
            "id": .string(Self.adminUserId), "status": "ACTIVE", "created": .string(SeedConstants.seedTime),
            "activated": .string(SeedConstants.seedTime), "statusChanged": .string(SeedConstants.seedTime),
            "lastUpdated": .string(SeedConstants.seedTime), "type": ["id": .string(IDs.userTypeId)],
            "profile": ["login": .string(login), "email": .string(login), "firstName": "Org", "lastName": "Admin"],
            "_links": ["self": ["href": .string("\(baseURL)/api/v1/users/\(Self.adminUserId)")]],
        ]
    }

    /// listRolesForClient's answer: standard role assignments to a service app.
    func clientRolesJSON(clientId: String, roles: [String]) -> JSON {
        .array(roles.map { role in
            [
                "id": .string(IDs.make("irb", "client-role:\(clientId):\(role)")), "label": .string(role.replacingOccurrences(of: "_", with: " ").capitalized),
                "type": .string(role), "status": "ACTIVE", "assignmentType": "CLIENT",
                "created": .string(SeedConstants.seedTime), "lastUpdated": .string(SeedConstants.seedTime),
                "_links": ["assignee": ["href": .string("\(baseURL)/oauth2/v1/clients/\(clientId)")]],
            ]
        })
    }

    func adminRolesJSON(_ roles: [String]) -> JSON {
        .array(roles.map { role in
            [
                "id": .string(IDs.make("ra1", "role:\(role)")), "label": .string(role.replacingOccurrences(of: "_", with: " ").capitalized),
                "type": .string(role), "status": "ACTIVE", "assignmentType": "USER",
                "created": .string(SeedConstants.seedTime), "lastUpdated": .string(SeedConstants.seedTime),
                "_links": ["assignee": ["href": .string("\(baseURL)/api/v1/users/\(Self.adminUserId)")]],
            ]
        })
    }
}
