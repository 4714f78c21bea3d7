import Foundation

/// The admin behind the simulator's API token, and what Okta lets each admin role write
/// (docs/REAL-ORGS.md R8: the spec's `x-okta-iam-admin-roles`; TF #1303 for mappings).
public enum AdminRoleRules {
    /// Okta's standard role types.
    public static let knownRoles: Set<String> = [
        "SUPER_ADMIN", "ORG_ADMIN", "APP_ADMIN", "USER_ADMIN", "HELP_DESK_ADMIN", "READ_ONLY_ADMIN", "MOBILE_ADMIN",
        "API_ACCESS_MANAGEMENT_ADMIN", "REPORT_ADMIN", "GROUP_MEMBERSHIP_ADMIN",
    ]

    /// The roles that may make a write, or nil for a request no role restricts here.
    static func rolesAllowed(method: String, path: String) -> Set<String>? {
        guard method != "GET" else { return nil }
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else { return nil }
        let rest = Array(parts.dropFirst(2))
        switch rest.first {
        case "meta" where rest.count >= 3 && rest[1] == "schemas" && rest[2] == "user":
            // The Admin Console's Profile Editor for Okta users: Super and Org Administrators.
            return ["SUPER_ADMIN", "ORG_ADMIN"]
        case "meta" where rest.count >= 3 && rest[1] == "schemas" && rest[2] == "apps":
            // The spec's x-okta-iam-admin-roles on updateApplicationUserProfile (not ORG_ADMIN).
            return ["SUPER_ADMIN", "APP_ADMIN", "API_ACCESS_MANAGEMENT_ADMIN"]
        case "mappings":
            // TF #1303: updating a profile mapping needed App Administrator.
            return ["SUPER_ADMIN", "APP_ADMIN"]
        default:
            return nil
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
