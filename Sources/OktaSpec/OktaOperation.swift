/// One operation of Okta's Management API as its published spec describes it, for what the
/// spec says about who may call it. The table (`OktaOperations.all`) is generated from the
/// spec by scripts/gen-operation-table.py, so role and scope tables are never kept by hand.
package struct OktaOperation: Sendable, Hashable {
    /// The spec's `operationId`.
    package let id: String
    package let method: String
    /// The spec's path template, `{name}` for a parameter.
    package let path: String
    /// `x-okta-iam-admin-roles`: the standard admin roles that may call it; nil where the
    /// spec names none (then nothing here says which roles Okta accepts).
    package let adminRoles: [String]?
    /// `x-okta-iam-permissions`: what a custom role needs for it.
    package let permissions: [String]?
    /// The OAuth 2.0 scopes its `security` asks of a service app's access token.
    package let scopes: [String]
    /// `path` split into its segments once: each request's lookup compares against every template.
    private let templateSegments: [Substring]

    package init(id: String, method: String, path: String, adminRoles: [String]?, permissions: [String]?, scopes: [String]) {
        self.id = id
        self.method = method
        self.path = path
        self.adminRoles = adminRoles
        self.permissions = permissions
        self.scopes = scopes
        templateSegments = Self.segments(path)
    }

    /// Whether a request's path (no query, each segment as sent) is this operation's.
    package func matches(method: String, path: String) -> Bool {
        matches(uppercasedMethod: method.uppercased(), segments: Self.segments(path))
    }

    func matches(uppercasedMethod method: String, segments given: [Substring]) -> Bool {
        guard method == self.method, templateSegments.count == given.count else { return false }
        return zip(templateSegments, given).allSatisfy { pattern, segment in
            (pattern.hasPrefix("{") && pattern.hasSuffix("}") && !segment.isEmpty) || pattern == segment
        }
    }

    /// How many of its segments are fixed: `/api/v1/users/me` would win over `/api/v1/users/{id}`.
    var fixedSegments: Int { templateSegments.filter { !$0.hasPrefix("{") }.count }

    static func segments(_ path: String) -> [Substring] {
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return bare.split(separator: "/")
    }
}

/// The operations dialpad-okta calls, as Okta's spec has them (`OktaOperations.all`, generated).
package enum OktaOperations {
    /// The role that holds every permission: the spec's per-operation lists mostly leave it out.
    package static let superAdmin = "SUPER_ADMIN"

    /// The operation a request is, or nil for one the table does not have.
    package static func operation(method: String, path: String) -> OktaOperation? {
        let method = method.uppercased(), segments = OktaOperation.segments(path)
        return all.filter { $0.matches(uppercasedMethod: method, segments: segments) }.max { $0.fixedSegments < $1.fixedSegments }
    }

    /// The operation with this `operationId` (the product's own calls: a missing one is a bug
    /// the table test catches).
    package static func named(_ id: String) -> OktaOperation? {
        all.first { $0.id == id }
    }

    /// The admin roles Okta accepts for a request: Super Administrator and the spec's
    /// `x-okta-iam-admin-roles`; nil when the spec names no roles for it.
    package static func rolesAccepted(method: String, path: String) -> [String]? {
        operation(method: method, path: path)?.rolesAccepted
    }
}

extension OktaOperation {
    /// Super Administrator (every permission) and the spec's `x-okta-iam-admin-roles`; nil when
    /// the spec names no roles.
    package var rolesAccepted: [String]? {
        adminRoles.map { roles in [OktaOperations.superAdmin] + roles.filter { $0 != OktaOperations.superAdmin } }
    }
}
